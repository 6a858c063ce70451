import Algebra
import Circuits
import Groth16
import R1CS
import Support

/// `rollup bench prove`: setup, witness, prove and verify times for the
/// synthetic S-box chain of about N constraints, with the peak resident
/// memory after each phase.
public struct ProveBenchmark: Sendable {
    public var constraints: Int
    public var threads: Int

    public init(constraints: Int, threads: Int = Parallelism.available) {
        self.constraints = constraints
        self.threads = threads
    }

    public func run(report: (BenchmarkResult) -> Void) throws {
        let setupCircuit = SBoxChainCircuit(constraints: constraints, input: nil)
        var r1cs: R1CS?
        let synthesis = BenchmarkClock.time { r1cs = try? R1CS(setupCircuit) }
        guard let r1cs else { throw Groth16Error.circuitTooLarge(constraints: constraints) }
        report(row("synthesize", synthesis, extra: [("constraints", Double(r1cs.constraintCount))]))

        var key: ProvingKey?
        var setupError: Error?
        let setup = BenchmarkClock.time {
            do { key = try Setup.developmentSetup(name: setupCircuit.name, r1cs: r1cs, threads: threads) } catch { setupError = error }
        }
        guard let key else { throw setupError! }
        report(row("setup", setup))

        let circuit = SBoxChainCircuit(constraints: constraints, input: Fr(7))
        var witness: WitnessAssignment?
        let witnessTime = BenchmarkClock.time { witness = try? WitnessAssignment(circuit) }
        guard let witness else { throw Groth16Error.unsatisfied(.missingWitness("S-box chain")) }
        report(row("witness", witnessTime))

        var generator = SecureRandom()
        var proof: Proof?
        var proveError: Error?
        let prove = BenchmarkClock.time {
            do {
                proof = try Groth16Prover.prove(
                    key: key, witness: witness, r: .random(using: &generator), s: .random(using: &generator), threads: threads)
            } catch { proveError = error }
        }
        guard let proof else { throw proveError! }
        report(row("prove", prove))
        report(row("prove_with_witness", prove + witnessTime))

        let prepared = PreparedVerifyingKey(key.verifyingKey)
        var valid = false
        let verify = BenchmarkClock.perOperation(iterations: 10, repeats: 3) { n in
            for _ in 0..<n { valid = (try? Groth16Verifier.verify(proof, inputs: witness.inputs, key: prepared)) ?? false }
        }
        report(row("verify", verify, extra: [("valid", valid ? 1 : 0)]))
    }

    private func row(_ name: String, _ ns: Double, extra: [(String, Double)] = []) -> BenchmarkResult {
        BenchmarkResult(name: name, ns: ns, extra: extra + [("peak_rss_mib", PeakMemory.mebibytes)])
    }
}
