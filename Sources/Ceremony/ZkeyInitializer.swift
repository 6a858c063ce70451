import Algebra
import Groth16
import R1CS

/// The initial zkey of a phase-2 ceremony, byte for byte as
/// `snarkjs zkey new` (snarkjs's zkey_new.js) makes it from a prepared
/// .ptau and the circuit's .r1cs (``R1CS/iden3Binary``'s wire order).
///
/// - The domain is 2^k with 2^k > constraints + public inputs: each
///   constraint is a row, then one row per public signal (the constant one
///   included) with 1 in A.
/// - [α]₁, [β]₁ and [β]₂ are the ptau's; γ and δ are the generators.
/// - A, B1 and B2 of a signal are its A and B columns against the domain's
///   Lagrange points in τ; IC (public) and C (private) are β·A + α·B + C
///   the same way. H is the Lagrange points [Lᵢ(τ)]₁ of the domain of twice
///   the size at the odd positions 2i + 1.
/// - Section 10 holds the circuit hash (``ZkeyCircuitHash``) and no
///   contributions.
/// - The sections are written in snarkjs's order 1, 2, 4, 3, 9, 8, 5, 6, 7, 10.
public enum ZkeyInitializer {
    /// The initial zkey: no contributions, δ = 1.
    public static func zkey(ptau: PowersOfTau, r1cs: R1CS, threads: Int = Parallelism.available) throws(CeremonyError) -> SnarkJSZkey {
        let plan = try InitialKeyPlan(ptau: ptau, r1cs: r1cs)
        let a = plan.compose(plan.terms(.a, plan.tauG1), threads: threads, SparseCombination.sum)
        let b1 = plan.compose(plan.terms(.b, plan.tauG1), threads: threads, SparseCombination.sum)
        let b2 = plan.compose(plan.terms(.b, plan.tauG2), threads: threads, SparseCombination.sum)
        let combined = plan.compose(plan.combinedTerms(), threads: threads, SparseCombination.sum)
        let ic = Array(combined[0...plan.publicCount]), c = Array(combined[(plan.publicCount + 1)...])
        let verifyingKey = VerifyingKey(alpha: plan.alpha1, beta: plan.beta2, gamma: .generator, delta: .generator, ic: ic)
        return SnarkJSZkey(
            variableCount: r1cs.variableCount, publicCount: plan.publicCount, domainSize: plan.n, verifyingKey: verifyingKey,
            beta1: plan.beta1, delta1: .generator, coefficients: SnarkJSZkey.coefficients(of: r1cs), a: a, b1: b1, b2: b2, c: c, h: try plan.h(),
            contributions: PhaseTwoParameters(
                circuitHash: try plan.circuitHash(ic: ic, c: c, a: a, b1: b1, b2: b2, threads: threads), contributions: []
            ).encoded,
            sectionOrder: [1, 2, 4, 3, 9, 8, 5, 6, 7, 10])
    }
}

/// What an initial key is made of: the circuit's rows and the ptau's points
/// for its domain. ``ZkeyInitializer`` composes the key from it;
/// ``ZkeyVerifier`` checks a key against it.
struct InitialKeyPlan {
    let ptau: PowersOfTau
    let r1cs: R1CS
    let n: Int
    let publicCount: Int
    /// The domain's Lagrange points in τ (G1 and G2), α·τ and β·τ.
    let tauG1: [G1Affine], tauG2: [G2Affine], alphaTauG1: [G1Affine], betaTauG1: [G1Affine]
    let alpha1: G1Affine, beta1: G1Affine, beta2: G2Affine
    /// How many H "points" snarkjs hashes (``ZkeyCircuitHash``).
    let hashedHPoints: Int

    enum Matrix { case a, b, c }

    init(ptau: PowersOfTau, r1cs: R1CS) throws(CeremonyError) {
        let power = SnarkJSZkey.domainPower(for: r1cs)
        n = 1 << power
        guard power <= ptau.power else { throw .ptauTooSmall(ptau: ptau.power, needed: power) }
        guard ptau.isPreparedForPhaseTwo else { throw .ptauNotPrepared }
        hashedHPoints = ZkeyCircuitHash.hashedHPoints(domainSize: n)
        guard hashedHPoints + n <= 2 * ptau.largestDomain - 1 else { throw .ptauTooSmall(ptau: ptau.power, needed: power + 1) }
        self.ptau = ptau
        self.r1cs = r1cs
        publicCount = r1cs.inputCount
        let lagrange = PowersOfTau.lagrangeRange(domain: n)
        tauG1 = try ptau.g1(.lagrangeTauG1, lagrange)
        tauG2 = try ptau.g2(.lagrangeTauG2, lagrange)
        alphaTauG1 = try ptau.g1(.lagrangeAlphaTauG1, lagrange)
        betaTauG1 = try ptau.g1(.lagrangeBetaTauG1, lagrange)
        alpha1 = try ptau.g1(.alphaTauG1, 0..<1)[0]
        beta1 = try ptau.g1(.betaTauG1, 0..<1)[0]
        beta2 = try ptau.g2(.betaG2, 0..<1)[0]
    }

    /// Each row's terms in ascending wire order; A gains snarkjs's extra
    /// rows, one per public signal.
    func rows(_ matrix: Matrix, _ body: (_ row: Int, _ signal: Int, _ coefficient: Fr) -> Void) {
        let source = matrix == .a ? r1cs.a : matrix == .b ? r1cs.b : r1cs.c
        for row in 0..<r1cs.constraintCount {
            for (wire, coefficient) in source.row(row).sorted(by: { $0.0 < $1.0 }) { body(row, Int(wire), coefficient) }
        }
        if matrix == .a { for signal in 0...publicCount { body(r1cs.constraintCount + signal, signal, .one) } }
    }

    /// Per signal, its terms of `matrix` against `points`.
    func terms<C>(_ matrix: Matrix, _ points: [AffinePoint<C>]) -> [[(point: AffinePoint<C>, coefficient: Fr)]] {
        var terms = [[(point: AffinePoint<C>, coefficient: Fr)]](repeating: [], count: r1cs.variableCount)
        rows(matrix) { row, signal, coefficient in terms[signal].append((points[row], coefficient)) }
        return terms
    }

    /// Per signal, β·A + α·B + C: its A terms on [β·τ], B on [α·τ], C on [τ].
    func combinedTerms() -> [[(point: G1Affine, coefficient: Fr)]] {
        var terms = [[(point: G1Affine, coefficient: Fr)]](repeating: [], count: r1cs.variableCount)
        for (matrix, points) in [(Matrix.a, betaTauG1), (.b, alphaTauG1), (.c, tauG1)] {
            rows(matrix) { row, signal, coefficient in terms[signal].append((points[row], coefficient)) }
        }
        return terms
    }

    /// The sums of each signal's terms.
    func compose<C>(
        _ terms: [[(point: AffinePoint<C>, coefficient: Fr)]], threads: Int,
        _ sum: ([(point: AffinePoint<C>, coefficient: Fr)]) -> JacobianPoint<C>
    ) -> [AffinePoint<C>] {
        let sums = ParallelResults(repeating: JacobianPoint<C>.infinity, count: terms.count)
        Parallelism.forEach((terms.count + 255) / 256, threads: threads) { chunk in
            for index in (chunk * 256)..<min(terms.count, chunk * 256 + 256) { sums[index] = sum(terms[index]) }
        }
        return JacobianPoint<C>.batchAffine(sums.values)
    }

    /// Σ over rows of (Σ over signals of weight · coefficient) · point: what
    /// Σ weight·(the signal's composed point) must equal.
    func weightedRows(_ matrix: Matrix, weights: [Fr], signals: Range<Int>) -> [Fr] {
        var scalars = [Fr](repeating: .zero, count: n)
        rows(matrix) { row, signal, coefficient in
            if signals.contains(signal) { scalars[row] += weights[signal] * coefficient }
        }
        return scalars
    }

    /// The H section: the odd Lagrange points of the doubled domain.
    func h() throws(CeremonyError) -> [G1Affine] {
        let doubled = try ptau.g1(.lagrangeTauG1, PowersOfTau.lagrangeRange(domain: 2 * n))
        return (0..<n).map { doubled[2 * $0 + 1] }
    }

    /// The circuit hash of an initial key with these sections.
    func circuitHash(
        ic: [G1Affine], c: [G1Affine], a: [G1Affine], b1: [G1Affine], b2: [G2Affine], threads: Int
    ) throws(CeremonyError) -> [UInt8] {
        let powers = try ptau.g1(.tauG1, 0..<(hashedHPoints + n))
        let differences = ParallelResults(repeating: G1Projective.infinity, count: hashedHPoints)
        let n = self.n, hashed = hashedHPoints
        Parallelism.forEach((hashed + 1023) / 1024, threads: threads) { chunk in
            for i in (chunk * 1024)..<min(hashed, chunk * 1024 + 1024) { differences[i] = powers[i + n].jacobian + (-powers[i]) }
        }
        return ZkeyCircuitHash.compute(
            alpha1: alpha1, beta1: beta1, beta2: beta2, domainSize: n,
            ic: ic, h: G1Projective.batchAffine(differences.values), c: c, a: a, b1: b1, b2: b2)
    }
}
