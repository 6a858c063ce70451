import Algebra
import BlockSamples
import BlockVerification
import Ceremony
import Circuits
import Committer
import Foundation
import Groth16
import Prover
import R1CS
import RollupTypes
import Storage
import Support

/// `rollup bench circuits`: for each full-size block circuit (depth 24;
/// 8 slots, 7 for exits), a block of real transactions sealed by the state keeper, then
/// synthesis, development setup, witness, proof and verification times,
/// with the peak resident memory after each, and the checks the node's
/// committer makes before it verifies the block (`TYPE_block_check`: the
/// commitment, the replay with bridge signatures, the stored updates); with
/// `zkey`, the same for a development zkey.
public struct CircuitsBenchmark: Sendable {
    public var chain: ChainParameters
    public var types: [BlockType]
    public var threads: Int
    /// Also a development zkey and a proof with it, for each circuit.
    public var zkey = false

    public init(chain: ChainParameters = .production, types: [BlockType] = BlockType.allCases, threads: Int = Parallelism.available) {
        self.chain = chain
        self.types = types
        self.threads = threads
    }

    public func run(report: (BenchmarkResult) -> Void) async throws {
        for type in types {
            let parameters = BlockCircuitParameters(chain, type)
            let sample = try await SampleBlock.seal(type, parameters: parameters, real: parameters.capacity, blockNumber: 2)
            let block = sample.block
            var r1cs: R1CS?
            let synthesis = try BenchmarkClock.time { r1cs = try BlockProver.r1cs(type, parameters) }
            report(row(type, "synthesize", synthesis, extra: [("constraints", Double(r1cs!.constraintCount))]))

            var key: ProvingKey?
            let setup = try BenchmarkClock.time {
                key = try Setup.developmentSetup(name: BlockProver.circuitName(type, parameters), r1cs: r1cs!, threads: threads)
            }
            report(row(type, "setup", setup))
            var zkey: SnarkJSZkey?
            if self.zkey {
                let zkeySetup = try BenchmarkClock.time { zkey = try DevelopmentZkey.generate(r1cs: r1cs!, threads: threads) }
                report(row(type, "setup_zkey", zkeySetup, extra: [("ratio_to_setup", zkeySetup / setup)]))
            }
            r1cs = nil

            var witness: WitnessAssignment?
            let witnessTime = try BenchmarkClock.time { witness = try Self.witness(block, parameters) }
            report(row(type, "witness", witnessTime))

            var generator = SecureRandom()
            var proof: Proof?
            let prove = try BenchmarkClock.time {
                proof = try Groth16Prover.prove(
                    key: key!, witness: witness!, r: .random(using: &generator), s: .random(using: &generator), threads: threads)
            }
            report(row(type, "prove", prove))
            report(row(type, "prove_with_witness", prove + witnessTime))

            // Verification: the first call (cold caches, as a node's first
            // block) and the best per-call time over repeated calls.
            let prepared = PreparedVerifyingKey(key!.verifyingKey)
            var valid = false
            let firstVerify = try BenchmarkClock.time {
                valid = try Groth16Verifier.verify(proof!, inputs: block.publicInputs, key: prepared)
            }
            var allValid = valid
            let verify = BenchmarkClock.perOperation(iterations: 20) { n in
                for _ in 0..<n { allValid = allValid && ((try? Groth16Verifier.verify(proof!, inputs: block.publicInputs, key: prepared)) ?? false) }
            }
            report(row(type, "verify", verify, extra: [("valid", allValid ? 1 : 0), ("first_call_ns", firstVerify)]))
            let check = try Self.committerCheck(sample)
            report(row(type, "check", check, extra: [("percent_of_prove", 100 * check / prove)]))

            if let zkey {
                var zkeyProof: Proof?
                let proveZkey = try BenchmarkClock.time {
                    zkeyProof = try ZkeyProver.prove(
                        zkey, witness: witness!, r: .random(using: &generator), s: .random(using: &generator), threads: threads)
                }
                report(row(type, "prove_zkey", proveZkey, extra: [("ratio_to_prove", proveZkey / prove)]))
                let zkeyPrepared = PreparedVerifyingKey(zkey.verifyingKey)
                var zkeyValid = false
                let verifyZkey = try BenchmarkClock.time {
                    zkeyValid = try Groth16Verifier.verify(zkeyProof!, inputs: block.publicInputs, key: zkeyPrepared)
                }
                report(row(type, "verify_zkey", verifyZkey, extra: [("valid", zkeyValid ? 1 : 0)]))
            }
        }
    }

    /// The committer's checks of `sample`'s block (block 2), against a
    /// verified state holding the sample's accounts (block 1 of a scratch
    /// database), per call: the best of repeated calls.
    static func committerCheck(_ sample: SampleBlock) throws -> Double {
        let scratch = try ScratchDatabase(on: nil, name: "check.sqlite")
        defer { scratch.remove() }
        let store = try DatabaseStore(scratch.location)
        let chain = try sample.chain.withFullBlockTimeout(.milliseconds(1))  // the sample seals at once; storage takes a positive timeout
        try store.initialize(chain)
        let depth = sample.chain.parameters.treeDepth
        let writes = sample.accounts.filter { $0.0 == .feeAccount } + sample.accounts.filter { $0.0 != .feeAccount }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rollup-bench-check-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try RestartBlock.store(in: store, chain, writes: writes, newRoot: try AccountTree(depth: depth, accounts: sample.accounts).root, checkpointIn: directory)
        let verifiedState = VerifiedState(
            store: store, audit: VerifiedChainAudit(chain: chain, keys: [:]), checkpointFile: directory + "/" + VerifiedState.checkpointFileName)
        let committer = BlockCommitter(store: store, chain: chain, verifyingKeys: [:], verifiedState: verifiedState)
        _ = try committer.check(sample.block)  // loads the verified state
        var failed = false
        let time = BenchmarkClock.perOperation(iterations: 20) { n in
            for _ in 0..<n { failed = failed || (try? committer.check(sample.block)) == nil }
        }
        if failed { throw BenchmarkFailure("the committer refused an honest sample block: \(String(describing: try? committer.check(sample.block)))") }
        return time
    }

    static func witness(_ block: SealedBlock, _ parameters: BlockCircuitParameters) throws -> WitnessAssignment {
        try WitnessAssignment(BlockCircuits.circuit(for: block, parameters))
    }

    private func row(_ type: BlockType, _ phase: String, _ ns: Double, extra: [(String, Double)] = []) -> BenchmarkResult {
        BenchmarkResult(name: "\(type.rawValue)_block_\(phase)", ns: ns, extra: extra + [("peak_rss_mib", PeakMemory.mebibytes)])
    }
}
