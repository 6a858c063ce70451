import Algebra
import R1CS
import Support

/// Groth16 key generation. `generate` is the deterministic core (it takes
/// the toxic waste as an argument, so it is testable); `developmentSetup`
/// draws the toxic waste from libsodium and wipes it afterwards.
public enum Setup {
    /// A single-party development setup. Whoever ran it could forge proofs:
    /// this is not a ceremony.
    public static func developmentSetup(
        name: String, r1cs: R1CS, threads: Int = Parallelism.available, progress: ProgressHandler? = nil
    ) throws -> ProvingKey {
        var generator = SecureRandom()
        var waste = ToxicWaste.random(using: &generator)
        defer { waste.wipe() }
        return try generate(name: name, r1cs: r1cs, toxicWaste: waste, threads: threads, progress: progress)
    }

    /// The proving key for `r1cs` under the given secrets.
    public static func generate(
        name: String, r1cs: R1CS, toxicWaste waste: ToxicWaste,
        threads: Int = Parallelism.available, progress: ProgressHandler? = nil
    ) throws -> ProvingKey {
        let domain = try QAP.domain(for: r1cs)
        progress?("evaluating the QAP at τ", 0.0)
        var (u, v, w) = QAP.evaluateAt(waste.tau, r1cs: r1cs, domain: domain)
        defer {
            for index in u.indices { u[index] = .zero; v[index] = .zero; w[index] = .zero }
        }

        let gammaInverse = waste.gamma.inverse()!
        let deltaInverse = waste.delta.inverse()!
        var icScalars = [Fr](), lScalars = [Fr]()
        for k in 0..<r1cs.variableCount {
            let combined = waste.beta * u[k] + waste.alpha * v[k] + w[k]
            if k < r1cs.publicCount {
                icScalars.append(combined * gammaInverse)
            } else {
                lScalars.append(combined * deltaInverse)
            }
        }
        let zOverDelta = (waste.tau.pow(UInt64(domain.size)) - .one) * deltaInverse
        var hScalars = [Fr](repeating: .zero, count: domain.size - 1)
        var power = zOverDelta
        for i in hScalars.indices {
            hScalars[i] = power
            power = power * waste.tau
        }

        progress?("building generator tables", 0.05)
        let g1 = FixedBaseTable(base: G1Affine.generator)
        let g2 = FixedBaseTable(base: G2Affine.generator)
        let total = Double(3 * r1cs.variableCount + hScalars.count + 3 * r1cs.variableCount)
        var done = 0.0
        func step<C>(_ stage: String, _ table: FixedBaseTable<C>, _ scalars: [Fr], weight: Double = 1) -> [AffinePoint<C>] {
            progress?(stage, 0.05 + 0.95 * done / total)
            defer { done += Double(scalars.count) * weight }
            return table.multiplyAll(scalars, threads: threads)
        }
        let aQuery = step("A query (G1)", g1, u)
        let bG1Query = step("B query (G1)", g1, v)
        let bG2Query = step("B query (G2)", g2, v, weight: 3)
        let hQuery = step("H query (G1)", g1, hScalars)
        let lQuery = step("L query (G1)", g1, lScalars)
        let ic = step("IC (G1)", g1, icScalars)
        let single1 = g1.multiplyAll([waste.alpha, waste.beta, waste.delta], threads: 1)
        let single2 = g2.multiplyAll([waste.beta, waste.gamma, waste.delta], threads: 1)
        progress?("done", 1.0)

        let verifyingKey = VerifyingKey(alpha: single1[0], beta: single2[0], gamma: single2[1], delta: single2[2], ic: ic)
        return ProvingKey(
            circuit: CircuitDescription(name: name, r1cs: r1cs), verifyingKey: verifyingKey,
            betaG1: single1[1], deltaG1: single1[2],
            aQuery: aQuery, bG1Query: bG1Query, bG2Query: bG2Query, hQuery: hQuery, lQuery: lQuery)
    }
}
