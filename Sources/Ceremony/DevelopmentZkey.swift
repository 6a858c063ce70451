import Algebra
import CSodium
import Groth16
import R1CS

/// A development zkey (single party, NOT a ceremony): `rollup setup --zkey`.
///
/// Its secrets τ, α, β and the contribution's x come from libsodium. The
/// key is what ``ZkeyInitializer`` would make from a .ptau with τ, α and
/// β, followed by one ``PhaseTwo`` contribution with x, but every point is
/// composed straight from the secrets by fixed-base multiplications: C
/// and H are made over δ = x at once, and the initial C only for the
/// circuit hash. Whoever ran it could forge proofs, and no .ptau exists
/// to verify it against: a deployment runs a ceremony (`rollup ceremony`)
/// instead.
public enum DevelopmentZkey {
    /// The name its contribution records.
    public static let contributionName = "rollup setup --zkey (development, not a ceremony)"

    /// The zkey for `r1cs`; the secrets are wiped before this returns.
    public static func generate(
        r1cs: R1CS, threads: Int = Parallelism.available, progress: ProgressHandler? = nil
    ) throws(CeremonyError) -> SnarkJSZkey {
        var generator = SnarkJSChaCha.seededFromLibsodium()
        defer { generator.wipe() }
        return try generate(r1cs: r1cs, generator: &generator, threads: threads, progress: progress)
    }

    /// The same with the secrets drawn from `generator`: τ, α and β first,
    /// as ``PowersOfTau/generate(power:name:generator:threads:progress:)``
    /// draws them, so that a test can check it against a .ptau with the
    /// same secrets; then the contribution's x and [s]₁.
    public static func generate(
        r1cs: R1CS, generator: inout SnarkJSChaCha, threads: Int, progress: ProgressHandler?
    ) throws(CeremonyError) -> SnarkJSZkey {
        var secrets = (0..<4).map { _ in SnarkJSSampling.fr(&generator) }
        defer { secrets.withUnsafeMutableBytes { sodium_memzero($0.baseAddress, $0.count) } }
        let (tau, alpha, beta, x) = (secrets[0], secrets[1], secrets[2], secrets[3])
        guard var xInverse = x.inverse() else { throw .zeroSecret }
        defer { withUnsafeMutableBytes(of: &xInverse) { sodium_memzero($0.baseAddress, $0.count) } }
        /// Wipes secret-derived scalars.
        func wipe(_ scalars: inout [Fr]) { scalars.withUnsafeMutableBytes { sodium_memzero($0.baseAddress, $0.count) } }

        let power = SnarkJSZkey.domainPower(for: r1cs), n = 1 << power
        progress?("evaluating the circuit at τ", 0)
        var lagrange = try PowersOfTau.lagrangeScalars(tau: tau, domainPower: power, truncated: false)
        defer { wipe(&lagrange) }
        var u = [Fr](repeating: .zero, count: r1cs.variableCount), v = u, w = u
        defer { wipe(&u); wipe(&v); wipe(&w) }
        for row in 0..<r1cs.constraintCount {
            for (wire, coefficient) in r1cs.a.row(row) { u[Int(wire)] += coefficient * lagrange[row] }
            for (wire, coefficient) in r1cs.b.row(row) { v[Int(wire)] += coefficient * lagrange[row] }
            for (wire, coefficient) in r1cs.c.row(row) { w[Int(wire)] += coefficient * lagrange[row] }
        }
        for signal in 0...r1cs.inputCount { u[signal] += lagrange[r1cs.constraintCount + signal] }
        let publicSignals = 0...r1cs.inputCount, privateSignals = (r1cs.inputCount + 1)..<r1cs.variableCount
        var combined = (0..<r1cs.variableCount).map { beta * u[$0] + alpha * v[$0] + w[$0] }
        var overDelta = combined[privateSignals].map { $0 * xInverse }
        var doubled = try PowersOfTau.lagrangeScalars(tau: tau, domainPower: power + 1, truncated: false)
        var h = (0..<n).map { doubled[2 * $0 + 1] * xInverse }
        wipe(&doubled)
        var hashedH = [Fr](repeating: .zero, count: ZkeyCircuitHash.hashedHPoints(domainSize: n))
        if !hashedH.isEmpty { hashedH[0] = tau.pow(UInt64(n)) - .one }
        for i in hashedH.indices.dropFirst() { hashedH[i] = hashedH[i - 1] * tau }
        defer { wipe(&combined); wipe(&overDelta); wipe(&h); wipe(&hashedH) }

        progress?("the key's points", 0.05)
        let g1 = FixedBaseTable(base: G1Affine.generator), g2 = FixedBaseTable(base: G2Affine.generator)
        let a = g1.multiplyAll(u, threads: threads), b1 = g1.multiplyAll(v, threads: threads)
        progress?("B in G2", 0.25)
        let b2 = g2.multiplyAll(v, threads: threads)
        progress?("IC, C and H", 0.55)
        let initial = g1.multiplyAll(combined, threads: threads)
        let ic = Array(initial[publicSignals]), c = g1.multiplyAll(overDelta, threads: threads)
        let hPoints = g1.multiplyAll(h, threads: threads)
        let hashedHPoints = g1.multiplyAll(hashedH, threads: threads)
        let singles1 = g1.multiplyAll([alpha, beta], threads: 1), singles2 = g2.multiplyAll([beta, x], threads: 1)

        progress?("the circuit hash and the contribution", 0.95)
        let circuitHash = ZkeyCircuitHash.compute(
            alpha1: singles1[0], beta1: singles1[1], beta2: singles2[0], domainSize: n,
            ic: ic, h: hashedHPoints, c: Array(initial[privateSignals]), a: a, b1: b1, b2: b2)
        var parameters = PhaseTwoParameters(circuitHash: circuitHash, contributions: [])
        let contribution = try PhaseTwo.record(
            secret: x, generator: &generator, after: parameters, delta: .generator, origin: .random, name: contributionName)
        parameters.contributions.append(contribution)
        progress?("done", 1)
        return SnarkJSZkey(
            variableCount: r1cs.variableCount, publicCount: r1cs.inputCount, domainSize: n,
            verifyingKey: VerifyingKey(alpha: singles1[0], beta: singles2[0], gamma: .generator, delta: singles2[1], ic: ic),
            beta1: singles1[1], delta1: contribution.deltaAfter, coefficients: SnarkJSZkey.coefficients(of: r1cs),
            a: a, b1: b1, b2: b2, c: c, h: hPoints, contributions: parameters.encoded, sectionOrder: Array(1...10))
    }
}
