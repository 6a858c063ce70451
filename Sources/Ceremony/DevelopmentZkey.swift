import Algebra
import CSodium
import Groth16
import R1CS

/// A development zkey (single party, NOT a ceremony): `rollup setup --zkey`.
///
/// Its secrets τ, α and β come from libsodium. From them it composes, by
/// fixed-base multiplications, the initial key that ``ZkeyInitializer``
/// would make from a .ptau with these secrets, its circuit hash
/// included. Then it makes one ``PhaseTwo`` contribution, so δ is secret
/// too. That takes far less time than a .ptau and `new`. Whoever ran it
/// could forge proofs, and no .ptau exists to verify it against: a
/// deployment runs a ceremony (`rollup ceremony`) instead.
public enum DevelopmentZkey {
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
    /// same secrets. The contribution's secret still comes from libsodium.
    public static func generate(
        r1cs: R1CS, generator: inout SnarkJSChaCha, threads: Int, progress: ProgressHandler?
    ) throws(CeremonyError) -> SnarkJSZkey {
        var secrets = [SnarkJSSampling.fr(&generator), SnarkJSSampling.fr(&generator), SnarkJSSampling.fr(&generator)]
        defer { secrets.withUnsafeMutableBytes { sodium_memzero($0.baseAddress, $0.count) } }
        let initial = try initialKey(r1cs: r1cs, tau: secrets[0], alpha: secrets[1], beta: secrets[2], threads: threads, progress: progress)
        progress?("the contribution (δ)", 0.6)
        return try PhaseTwo.contribute(to: initial, name: "rollup setup --zkey (development, not a ceremony)", threads: threads).zkey
    }

    /// The initial key (δ = 1) of `r1cs` for a .ptau whose secrets are τ,
    /// α and β, as ``ZkeyInitializer`` makes it from the .ptau.
    static func initialKey(
        r1cs: R1CS, tau: Fr, alpha: Fr, beta: Fr, threads: Int, progress: ProgressHandler? = nil
    ) throws(CeremonyError) -> SnarkJSZkey {
        let power = SnarkJSZkey.domainPower(for: r1cs), n = 1 << power
        progress?("evaluating the circuit at τ", 0)
        var lagrange = try PowersOfTau.lagrangeScalars(tau: tau, domainPower: power, truncated: false)
        defer { lagrange.withUnsafeMutableBytes { sodium_memzero($0.baseAddress, $0.count) } }
        var u = [Fr](repeating: .zero, count: r1cs.variableCount), v = u, w = u
        for row in 0..<r1cs.constraintCount {
            for (wire, coefficient) in r1cs.a.row(row) { u[Int(wire)] += coefficient * lagrange[row] }
            for (wire, coefficient) in r1cs.b.row(row) { v[Int(wire)] += coefficient * lagrange[row] }
            for (wire, coefficient) in r1cs.c.row(row) { w[Int(wire)] += coefficient * lagrange[row] }
        }
        for signal in 0...r1cs.inputCount { u[signal] += lagrange[r1cs.constraintCount + signal] }
        var combined = (0..<r1cs.variableCount).map { beta * u[$0] + alpha * v[$0] + w[$0] }
        var doubled = try PowersOfTau.lagrangeScalars(tau: tau, domainPower: power + 1, truncated: false)
        var h = (0..<n).map { doubled[2 * $0 + 1] }
        doubled.withUnsafeMutableBytes { sodium_memzero($0.baseAddress, $0.count) }
        let hashed = ZkeyCircuitHash.hashedHPoints(domainSize: n)
        var hashedH = [Fr](repeating: .zero, count: hashed)
        var tauPower = tau.pow(UInt64(n)) - .one
        for i in 0..<hashed {
            hashedH[i] = tauPower
            tauPower = tauPower * tau
        }
        withUnsafeMutableBytes(of: &tauPower) { sodium_memzero($0.baseAddress, $0.count) }
        var singles = [alpha, beta]

        progress?("the key's points", 0.05)
        let g1 = FixedBaseTable(base: G1Affine.generator), g2 = FixedBaseTable(base: G2Affine.generator)
        /// The points of secret-derived scalars, which are wiped after use.
        func points<C>(_ table: FixedBaseTable<C>, _ scalars: inout [Fr], wipe: Bool = true) -> [AffinePoint<C>] {
            defer { if wipe { scalars.withUnsafeMutableBytes { sodium_memzero($0.baseAddress, $0.count) } } }
            return table.multiplyAll(scalars, threads: threads)
        }
        let a = points(g1, &u)
        let b1 = points(g1, &v, wipe: false), b2 = points(g2, &v)
        w.withUnsafeMutableBytes { sodium_memzero($0.baseAddress, $0.count) }
        let combinedPoints = points(g1, &combined)
        let ic = Array(combinedPoints[0...r1cs.inputCount]), c = Array(combinedPoints[(r1cs.inputCount + 1)...])
        let hPoints = points(g1, &h)
        let hashedHPoints = points(g1, &hashedH)
        let single1 = points(g1, &singles, wipe: false)
        let beta2 = points(g2, &singles)[1]
        let circuitHash = ZkeyCircuitHash.compute(
            alpha1: single1[0], beta1: single1[1], beta2: beta2, domainSize: n,
            ic: ic, h: hashedHPoints, c: c, a: a, b1: b1, b2: b2)
        return SnarkJSZkey(
            variableCount: r1cs.variableCount, publicCount: r1cs.inputCount, domainSize: n,
            verifyingKey: VerifyingKey(alpha: single1[0], beta: beta2, gamma: .generator, delta: .generator, ic: ic),
            beta1: single1[1], delta1: .generator, coefficients: SnarkJSZkey.coefficients(of: r1cs),
            a: a, b1: b1, b2: b2, c: c, h: hPoints,
            contributions: PhaseTwoParameters(circuitHash: circuitHash, contributions: []).encoded,
            sectionOrder: [1, 2, 4, 3, 9, 8, 5, 6, 7, 10])
    }
}
