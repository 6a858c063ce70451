import Algebra
import Groth16
import R1CS
import Support

/// `snarkjs zkey verify` (zkey_verify_fromr1cs.js and
/// zkey_verify_frominit.js): a zkey is the outcome of its recorded phase-2
/// contributions on the initial key of the circuit and the ptau.
///
/// - Each contribution (``ContributionChain``): its transcript is the
///   BLAKE2b of the circuit hash, the earlier public keys and its [s]₁,
///   [s·x]₁; e([s]₁, [sp·x]₂) = e([s·x]₁, [sp]₂) with sp = hashToG2(transcript)
///   (it knew x); δ after it is δ before it times x, by the same pairing; a
///   beacon's key is the one its hash and iterations derive. There is at
///   least one (snarkjs accepts none; a key without one is forgeable).
/// - The key: its sizes, α, β, γ and coefficients are the initial key's;
///   [δ]₁ is the last δ after, and [δ]₂ matches it. IC, A, B1 and B2 are the
///   initial key's and C and H the initial ones over δ, each checked by a
///   random linear combination with 64-bit weights against the ptau's
///   points: Σ rₛ·Aₛ = Σ_rows (Σₛ rₛ·A[row][s])·[L_row(τ)]₁, and so on, so no
///   section is composed point by point. Last, the circuit hash: with those
///   sections proved equal to the initial key's, it is recomputed from
///   them, and from the initial C, the one section composed here.
public enum ZkeyVerifier {
    /// What a verified zkey holds.
    public struct Report: Sendable {
        public var circuitHash: [UInt8]
        public var contributions: [PhaseTwoContribution]
    }

    /// Checks `zkey` against the circuit and the ptau. Throws
    /// ``CeremonyError/badContribution(index:name:reason:)`` naming the first
    /// contribution that fails, or ``CeremonyError/keyMismatch(_:)`` naming
    /// the part of the key that does not follow from them.
    public static func verify(
        zkey: SnarkJSZkey, ptau: PowersOfTau, r1cs: R1CS, threads: Int = Parallelism.available
    ) throws(CeremonyError) -> Report {
        let parameters = try PhaseTwoParameters(zkey: zkey)
        let plan = try InitialKeyPlan(ptau: ptau, r1cs: r1cs)
        let delta = try ContributionChain.verify(parameters)

        guard zkey.variableCount == r1cs.variableCount, zkey.publicCount == plan.publicCount, zkey.domainSize == plan.n else {
            throw .keyMismatch("its sizes (\(zkey.variableCount) signals, \(zkey.publicCount) public, domain \(zkey.domainSize)) are not the circuit's (\(r1cs.variableCount), \(plan.publicCount), \(plan.n))")
        }
        let vk = zkey.verifyingKey
        guard vk.alpha == plan.alpha1, zkey.beta1 == plan.beta1, vk.beta == plan.beta2 else { throw .keyMismatch("its α or β is not the ptau's") }
        guard vk.gamma == .generator else { throw .keyMismatch("its γ is not the generator") }
        guard zkey.delta1 == delta else { throw .keyMismatch("its [δ]₁ is not the last contribution's δ") }
        guard sameRatio(.generator, zkey.delta1, .generator, vk.delta) else { throw .keyMismatch("its [δ]₂ does not match its [δ]₁") }
        guard zkey.coefficients == SnarkJSZkey.coefficients(of: r1cs) else { throw .keyMismatch("its coefficients section differs from the initial key's") }

        var generator = SecureRandom()
        let weights = (0..<r1cs.variableCount).map { _ in Fr(generator.next()) }
        let all = 0..<r1cs.variableCount, publicSignals = 0..<(plan.publicCount + 1)
        func msm(_ points: [G1Affine], _ scalars: [Fr]) -> G1Projective { MultiScalarMultiplication.compute(points: points, scalars: scalars, threads: threads) }
        func msm(_ points: [G2Affine], _ scalars: [Fr]) -> G2Projective { MultiScalarMultiplication.compute(points: points, scalars: scalars, threads: threads) }
        let aRows = plan.weightedRows(.a, weights: weights, signals: all), bRows = plan.weightedRows(.b, weights: weights, signals: all)
        guard msm(zkey.a, weights) == msm(plan.tauG1, aRows) else { throw .keyMismatch("its A section differs from the initial key's") }
        guard msm(zkey.b1, weights) == msm(plan.tauG1, bRows) else { throw .keyMismatch("its B1 section differs from the initial key's") }
        guard msm(zkey.b2, weights) == msm(plan.tauG2, bRows) else { throw .keyMismatch("its B2 section differs from the initial key's") }
        /// Σ over `signals` of weight · (β·A + α·B + C) composed, from the rows.
        func combined(_ signals: Range<Int>) -> G1Projective {
            msm(plan.betaTauG1, plan.weightedRows(.a, weights: weights, signals: signals))
                + msm(plan.alphaTauG1, plan.weightedRows(.b, weights: weights, signals: signals))
                + msm(plan.tauG1, plan.weightedRows(.c, weights: weights, signals: signals))
        }
        guard msm(vk.ic, Array(weights[publicSignals])) == combined(publicSignals) else {
            throw .keyMismatch("its IC section differs from the initial key's")
        }
        let privateSignals = (plan.publicCount + 1)..<r1cs.variableCount
        let cBefore = combined(privateSignals).affine, cAfter = msm(zkey.c, Array(weights[privateSignals])).affine
        guard zkey.c.count == privateSignals.count, (cBefore.isInfinity && cAfter.isInfinity) || sameRatio(cBefore, cAfter, vk.delta, .generator) else {
            throw .keyMismatch("its C section is not the initial one over δ")
        }
        guard rescaled(try plan.h(), zkey.h, by: vk.delta, threads: threads) else { throw .keyMismatch("its H section is not the initial one over δ") }

        var combinedTerms = plan.combinedTerms()
        combinedTerms.removeFirst(plan.publicCount + 1)
        let initialC = plan.compose(combinedTerms, threads: threads, SparseCombination.sum)
        let circuitHash = try plan.circuitHash(ic: vk.ic, c: initialC, a: zkey.a, b1: zkey.b1, b2: zkey.b2, threads: threads)
        guard circuitHash == parameters.circuitHash else { throw .keyMismatch("its circuit hash is not the hash of this circuit on this ptau") }
        // snarkjs stops here; a key without a contribution is forgeable.
        guard !parameters.contributions.isEmpty else { throw ZkeySoundness.noContribution }
        return Report(circuitHash: parameters.circuitHash, contributions: parameters.contributions)
    }

    /// e(a, d) = e(b, c), with none of them the identity (snarkjs's `sameRatio`).
    static func sameRatio(_ a: G1Affine, _ b: G1Affine, _ c: G2Affine, _ d: G2Affine) -> Bool {
        guard !a.isInfinity, !b.isInfinity, !c.isInfinity, !d.isInfinity else { return false }
        return Pairing.productIsOne([(a, G2Prepared(d)), (-b, G2Prepared(c))])
    }

    /// Whether `after` is `before` divided by δ, by random 64-bit weights:
    /// e(Σ rᵢ·beforeᵢ, [1]₂) = e(Σ rᵢ·afterᵢ, [δ]₂).
    static func rescaled(_ before: [G1Affine], _ after: [G1Affine], by delta: G2Affine, threads: Int) -> Bool {
        if before.isEmpty { return true }
        var generator = SecureRandom()
        let weights = before.map { _ in Fr(generator.next()) }
        let left = MultiScalarMultiplication.compute(points: before, scalars: weights, threads: threads).affine
        let right = MultiScalarMultiplication.compute(points: after, scalars: weights, threads: threads).affine
        if left.isInfinity && right.isInfinity { return true }
        return sameRatio(left, right, delta, .generator)
    }
}
