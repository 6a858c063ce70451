import Algebra
import Groth16
import Support

/// `snarkjs powersoftau verify` (powersoftau_verify.js): a .ptau is the
/// outcome of its recorded contributions, and its points are powers of one
/// τ.
///
/// - Each contribution, from the first (``PhaseOneContribution``): its
///   challenge is the previous one's next challenge (the first: BLAKE2b of
///   the empty hash and a new accumulator); for each secret x of τ, α and β
///   it proves knowledge, e([s]₁, [sp·x]₂) = e([s·x]₁, [sp]₂) with
///   sp = hashToG2(BLAKE2b(personalization ‖ challenge ‖ [s]₁ ‖ [s·x]₁));
///   its [τ]₁, [τ]₂, [α]₁, [β]₁ and [β]₂ are the previous ones times its
///   secrets, by the same pairings; a beacon's key is the one its hash and
///   iterations derive. There is at least one.
/// - The file's points: [τ⁰]₁ and [τ⁰]₂ are the generators, and [τ]₁, [τ]₂,
///   [α]₁, [β]₁ and [β]₂ are the last contribution's; each section holds
///   consecutive powers, by a random linear combination with 64-bit weights
///   rᵢ: e(Σ rᵢ·Pᵢ, [τ]₂) = e(Σ rᵢ·Pᵢ₊₁, [1]₂) for the G1 sections (and the
///   mirror for [τⁱ]₂); the last contribution's next challenge is the
///   BLAKE2b of its response hash and sections 2–6.
/// - The Lagrange sections 12–15, when present: for each domain 2^p,
///   Σ rᵢ·[τⁱ]₁ = Σ NTT(r)ⱼ·[Lⱼ(τ)]₁ (and the same in G2 and for α·τ, β·τ);
///   the levels of a section are checked together, each with its own
///   weights, by two multi-scalar multiplications. The top level of section
///   12 counts the missing [τ^(2^(power+1)−1)]₁ as zero, as snarkjs does.
public enum PowersOfTauVerifier {
    /// What a verified .ptau holds.
    public struct Report: Sendable {
        public let power: Int
        public let contributions: [PhaseOneContribution]
        /// Whether the Lagrange sections were present (and checked).
        public let preparedForPhaseTwo: Bool
    }

    /// Checks `ptau`. Throws ``CeremonyError/badContribution(index:name:reason:)``
    /// naming the first contribution that fails, or
    /// ``CeremonyError/ptauMismatch(_:)`` naming the section that does not
    /// hold.
    public static func verify(_ ptau: PowersOfTau, threads: Int = Parallelism.available) throws(CeremonyError) -> Report {
        let contributions = try ptau.contributions()
        guard !contributions.isEmpty else {
            throw .ptauMismatch("it records no contribution: its points are the generators' (τ = 1), or τ is known to whoever made it")
        }
        var previous = Accumulator.initial(ceremonyPower: ptau.ceremonyPower)
        for (index, contribution) in contributions.enumerated() {
            try check(contribution, index: index, after: previous)
            previous = Accumulator(contribution)
        }
        let last = contributions[contributions.count - 1]
        let n = ptau.largestDomain
        let tauG1 = try ptau.g1(.tauG1, 0..<(2 * n - 1)), tauG2 = try ptau.g2(.tauG2, 0..<n)
        let alphaTauG1 = try ptau.g1(.alphaTauG1, 0..<n), betaTauG1 = try ptau.g1(.betaTauG1, 0..<n)
        let betaG2 = try ptau.g2(.betaG2, 0..<1)[0]
        guard tauG1[0] == .generator, tauG2[0] == .generator else { throw .ptauMismatch("its first powers [τ⁰]₁, [τ⁰]₂ are not the generators") }
        guard tauG1.count < 2 || tauG1[1] == last.tauG1, tauG2.count < 2 || tauG2[1] == last.tauG2 else {
            throw .ptauMismatch("its [τ]₁ or [τ]₂ is not the last contribution's")
        }
        guard alphaTauG1[0] == last.alphaG1, betaTauG1[0] == last.betaG1, betaG2 == last.betaG2 else {
            throw .ptauMismatch("its [α]₁, [β]₁ or [β]₂ is not the last contribution's")
        }
        func msm1(_ points: [G1Affine], _ scalars: [Fr]) -> G1Affine { MultiScalarMultiplication.compute(points: points, scalars: scalars, threads: threads).affine }
        func msm2(_ points: [G2Affine], _ scalars: [Fr]) -> G2Affine { MultiScalarMultiplication.compute(points: points, scalars: scalars, threads: threads).affine }
        for (name, points) in [("[τⁱ]₁ (section 2)", tauG1), ("[α·τⁱ]₁ (section 4)", alphaTauG1), ("[β·τⁱ]₁ (section 5)", betaTauG1)] {
            let (r1, r2) = consecutive(points, msm1)
            guard ZkeyVerifier.sameRatio(r1, r2, .generator, last.tauG2) else { throw .ptauMismatch("its \(name) are not consecutive powers of the last τ") }
        }
        let (r1, r2) = consecutive(tauG2, msm2)
        guard ZkeyVerifier.sameRatio(.generator, last.tauG1, r1, r2) else { throw .ptauMismatch("its [τⁱ]₂ (section 3) are not consecutive powers of the last τ") }
        if ptau.power == ptau.ceremonyPower, let response = last.responseHash {
            let next = PowersOfTau.challengeHash(after: response, tauG1: tauG1, tauG2: tauG2, alphaTauG1: alphaTauG1, betaTauG1: betaTauG1, betaG2: betaG2)
            guard next == last.nextChallenge else {
                throw .ptauMismatch("the hash of its points is not the next challenge its last contribution recorded")
            }
        }
        if ptau.isPreparedForPhaseTwo {
            let (top, other) = (ptau.power + 1, ptau.power)
            func points(_ levels: Int) -> Range<Int> { 0..<((2 << levels) - 1) }
            try lagrange(tauG1, try ptau.g1(.lagrangeTauG1, points(top)), section: .lagrangeTauG1, levels: top, threads: threads, msm1)
            try lagrange(tauG2, try ptau.g2(.lagrangeTauG2, points(other)), section: .lagrangeTauG2, levels: other, threads: threads, msm2)
            try lagrange(alphaTauG1, try ptau.g1(.lagrangeAlphaTauG1, points(other)), section: .lagrangeAlphaTauG1, levels: other, threads: threads, msm1)
            try lagrange(betaTauG1, try ptau.g1(.lagrangeBetaTauG1, points(other)), section: .lagrangeBetaTauG1, levels: other, threads: threads, msm1)
        }
        return Report(power: ptau.power, contributions: contributions, preparedForPhaseTwo: ptau.isPreparedForPhaseTwo)
    }

    /// The points a contribution starts from, and the challenge it answers.
    private struct Accumulator {
        var tauG1 = G1Affine.generator, tauG2 = G2Affine.generator
        var alphaG1 = G1Affine.generator, betaG1 = G1Affine.generator, betaG2 = G2Affine.generator
        var challenge: [UInt8]

        static func initial(ceremonyPower: Int) -> Accumulator { Accumulator(challenge: PowersOfTau.firstChallengeHash(power: ceremonyPower)) }

        init(challenge: [UInt8]) { self.challenge = challenge }

        init(_ contribution: PhaseOneContribution) {
            (tauG1, tauG2, alphaG1, betaG1, betaG2) = (contribution.tauG1, contribution.tauG2, contribution.alphaG1, contribution.betaG1, contribution.betaG2)
            challenge = contribution.nextChallenge
        }
    }

    /// snarkjs's verifyContribution.
    private static func check(_ contribution: PhaseOneContribution, index: Int, after previous: Accumulator) throws(CeremonyError) {
        func refuse(_ reason: String) -> CeremonyError { .badContribution(index: index + 1, name: contribution.name, reason: reason) }
        let key = contribution.keyG1, keyG2 = contribution.keyG2
        if let beacon = contribution.beacon {
            guard beacon.iterationsExponent <= ContributionChain.maximumVerifiedBeaconExponent else {
                throw refuse("its beacon takes 2^\(beacon.iterationsExponent) iterations; this verifier checks beacons of at most 2^\(ContributionChain.maximumVerifiedBeaconExponent)")
            }
            var generator = PhaseTwo.beaconGenerator(hash: beacon.hash, iterationsExponent: beacon.iterationsExponent)
            let derived = PowersOfTau.key(challenge: previous.challenge, generator: &generator)
            guard derived.g1 == key, derived.g2 == keyG2 else { throw refuse("its key is not the one its beacon hash and iterations derive") }
        }
        var sp = [G2Affine]()
        for (personalization, secret) in ["τ", "α", "β"].enumerated() {
            let point = PowersOfTau.keyBase(personalization: personalization, challenge: previous.challenge, s: key[2 * personalization], sx: key[2 * personalization + 1])
            guard ZkeyVerifier.sameRatio(key[2 * personalization], key[2 * personalization + 1], point, keyG2[personalization]) else {
                throw refuse("its proof of knowledge of \(secret) fails (or it does not answer the previous contribution's challenge)")
            }
            sp.append(point)
        }
        guard ZkeyVerifier.sameRatio(previous.tauG1, contribution.tauG1, sp[0], keyG2[0]) else { throw refuse("its [τ]₁ is not the previous one times its τ") }
        guard ZkeyVerifier.sameRatio(key[0], key[1], previous.tauG2, contribution.tauG2) else { throw refuse("its [τ]₂ is not the previous one times its τ") }
        guard ZkeyVerifier.sameRatio(previous.alphaG1, contribution.alphaG1, sp[1], keyG2[1]) else { throw refuse("its [α]₁ is not the previous one times its α") }
        guard ZkeyVerifier.sameRatio(previous.betaG1, contribution.betaG1, sp[2], keyG2[2]) else { throw refuse("its [β]₁ is not the previous one times its β") }
        guard ZkeyVerifier.sameRatio(key[4], key[5], previous.betaG2, contribution.betaG2) else { throw refuse("its [β]₂ is not the previous one times its β") }
    }

    /// (Σ rᵢ·Pᵢ, Σ rᵢ·Pᵢ₊₁) over i < count − 1, for random 64-bit rᵢ.
    private static func consecutive<C>(
        _ points: [AffinePoint<C>], _ msm: ([AffinePoint<C>], [Fr]) -> AffinePoint<C>
    ) -> (AffinePoint<C>, AffinePoint<C>) {
        guard points.count > 1 else { return (points[0], points[0]) }
        var generator = SecureRandom()
        let weights = (0..<(points.count - 1)).map { _ in Fr(generator.next()) }
        return (msm(Array(points.dropLast()), weights), msm(Array(points.dropFirst()), weights))
    }

    /// `lagrangePoints` (a Lagrange section) against the powers `powers`,
    /// its domains 2^0 … 2^`levels` together: Σ_p Σ_i r⁽ᵖ⁾ᵢ·powersᵢ =
    /// Σ_p Σ_j NTT(r⁽ᵖ⁾)ⱼ·[Lⱼ(τ)] of level p.
    private static func lagrange<C>(
        _ powers: [AffinePoint<C>], _ lagrangePoints: [AffinePoint<C>], section: PowersOfTau.Section, levels: Int, threads: Int,
        _ msm: ([AffinePoint<C>], [Fr]) -> AffinePoint<C>
    ) throws(CeremonyError) {
        var generator = SecureRandom()
        var powerWeights = [Fr](repeating: .zero, count: powers.count)
        var lagrangeWeights = [Fr]()
        lagrangeWeights.reserveCapacity(lagrangePoints.count)
        for level in 0...levels {
            let size = 1 << level
            // The top level of section 12 lacks its last power: its weight is zero.
            var weights = (0..<size).map { index in index < powers.count ? Fr(generator.next()) : .zero }
            for index in 0..<min(size, powers.count) { powerWeights[index] = powerWeights[index] + weights[index] }
            if size > 1 {
                do { try EvaluationDomain(minimumSize: size).forward(&weights, threads: threads) } catch { throw .badPower(level) }
            }
            lagrangeWeights += weights
        }
        guard msm(powers, powerWeights) == msm(lagrangePoints, lagrangeWeights) else {
            throw .ptauMismatch("its Lagrange points (section \(section.rawValue)) are not those of its powers of τ")
        }
    }
}
