import APIContract
import APIServer
import Algebra
import BlockVerification
import Committer
import Follower
import Foundation
import Groth16
import Hummingbird
import Logging
import Primitives
import R1CS
import RollupTypes
import StateKeeper
import Storage
import Support

/// `rollup bench follow`: Groth16 verification one by one and in batches;
/// a follower catching up with an upstream over
/// HTTP (production tree depth 24, full 8-slot blocks: 8 deposit blocks
/// opening 64 accounts, then transfer blocks among them), every proof
/// verified, every block replayed and stored; and a follower of 100k
/// accounts restarting.
///
/// The blocks are sealed by the state keeper, as the node seals them. Their
/// proofs are real Groth16 proofs with the blocks' own public inputs (old
/// root, new root, commitment, chain id), made with a stand-in circuit that
/// binds the four inputs and nothing else: verifying a proof costs the same
/// for any circuit with four public inputs, and proving 200 full transfer
/// blocks would take ten minutes.
public struct FollowBenchmark: Sendable {
    public var transferBlocks = 200
    public var accounts = 100_000

    public init() {}

    public func run(report: (BenchmarkResult) -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rollup-bench-follow-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let chain = ChainParameters.production
        let operatorKey = EdDSAPrivateKey.generate()
        let bridge = Ed25519SigningKey.generate()
        let configuration = try ChainConfiguration.genesis(parameters: chain, operatorKey: operatorKey.publicKey, bridgePublicKey: bridge.publicKey)

        // The stand-in keys, described as the chain's circuits.
        let standIn = try Setup.developmentSetup(name: StandInBlockCircuit.name, r1cs: R1CS(StandInBlockCircuit(inputs: nil)))
        let keys = ChainKeys(
            keys: Dictionary(uniqueKeysWithValues: BlockType.allCases.map { ($0, standIn.verifyingKey) }),
            descriptions: Dictionary(uniqueKeysWithValues: BlockType.allCases.map { ($0, standIn.circuit) }))

        // Verification one by one and in a batch of 100, per proof, on one thread.
        let prepared = PreparedVerifyingKey(standIn.verifyingKey)
        var generator = SeededRandom(seed: 17)
        let items = try (0..<100).map { _ -> (proof: Proof, inputs: [Fr], key: PreparedVerifyingKey) in
            let inputs = (0..<BlockCommitment.publicInputCount).map { _ in Fr.random(using: &generator) }
            let (proof, _) = try Groth16Prover.prove(StandInBlockCircuit(inputs: inputs), key: standIn, threads: 1)
            return (proof, inputs, prepared)
        }
        let single = BenchmarkClock.time {
            for item in items { blackHole((try? Groth16Verifier.verify(item.proof, inputs: item.inputs, key: item.key)) == true) }
        } / Double(items.count)
        let batch = BenchmarkClock.time { blackHole((try? Groth16BatchVerifier.verify(items)) == true) } / Double(items.count)
        guard try Groth16BatchVerifier.verify(items) else { throw BenchmarkFailure("the batch of honest proofs does not verify") }
        report(BenchmarkResult(name: "groth16_verify_single", ns: single))
        report(BenchmarkResult(name: "groth16_verify_batch_100", ns: batch, extra: [("per_proof_vs_single", batch / single)]))

        // The upstream: sealed, proved and verified blocks in a store, served read-only.
        let upstreamStore = try DatabaseStore(path: directory.appendingPathComponent("upstream.sqlite").path)
        try upstreamStore.initialize(configuration)
        try await seal(into: upstreamStore, configuration: configuration, bridge: bridge, prove: { block in
            let (proof, _) = try Groth16Prover.prove(StandInBlockCircuit(inputs: block.publicInputs), key: standIn, threads: 1)
            return String(decoding: try SnarkJSFormat.encode(proof), as: UTF8.self)
        })
        let view = ChainView(configuration, keyHashes: keys.hashes, setups: Dictionary(uniqueKeysWithValues: BlockType.allCases.map { ($0, .development) }))
        let upstreamTree = VerifiedState(store: upstreamStore, audit: VerifiedChainAudit(chain: configuration, keys: keys.keys.mapValues(PreparedVerifyingKey.init)))
        let context = FollowerContext(store: upstreamStore, tree: upstreamTree, verifyingKeys: keys.keys, chain: view, metrics: NodeMetrics()) {
            throw HTTPError(.notFound)
        }
        let port = PortBox()
        let limits = HTTPLimits()
        let application = Application(
            router: FollowerRouter.build(context, upstream: "the benchmark"), server: limits.server(subscriptions: FollowerRouter.subscriptions(context), limits: context.events.limits),
            configuration: limits.configuration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in port.set(channel.localAddress?.port ?? 0) }, logger: Self.quiet)
        let server = Task { try await application.run() }
        defer { server.cancel() }
        while port.value == 0 { try await Task.sleep(for: .milliseconds(10)) }
        let url = "http://127.0.0.1:\(port.value)"

        // Catching up from nothing.
        let follower = try await Follower.open(upstream: url, dataDirectory: directory.appendingPathComponent("follower").path, allowDevelopmentKeys: true) { _ in keys }
        let start = ContinuousClock.now
        let reached = try await follower.catchUp()
        let elapsed = Self.nanoseconds(ContinuousClock.now - start)
        let blocks = Double(reached)
        report(BenchmarkResult(name: "follow_catch_up", ns: elapsed / blocks, extra: [
            ("blocks_per_second", blocks * 1e9 / elapsed), ("transfer_blocks", Double(transferBlocks)), ("deposit_blocks", blocks - Double(transferBlocks)),
        ]))

        // A follower of 100k accounts restarting: its verified chain audited
        // from the checkpoint it left (one block, all padding, holding the
        // accounts), its verified accounts read, its tree built and checked
        // against that block's root.
        let restartDirectory = directory.appendingPathComponent("restart").path
        try FileManager.default.createDirectory(atPath: restartDirectory, withIntermediateDirectories: true)
        let restartStore = try DatabaseStore(path: restartDirectory + "/rollup.sqlite")
        try restartStore.initialize(configuration)
        let owners = (0..<64).map { _ in EdDSAPrivateKey.generate().publicKey }
        var writes = [(AccountID, Account)]()
        for index in 1...accounts { writes.append((try AccountID(index), Account(publicKey: owners[index % owners.count], balance: 1_000))) }
        let tree = try AccountTree(depth: chain.treeDepth, accounts: [(.feeAccount, Account(publicKey: operatorKey.publicKey))] + writes)
        try RestartBlock.store(in: restartStore, configuration, writes: writes, newRoot: tree.root, checkpointIn: restartDirectory)
        let restartStart = ContinuousClock.now
        let restarted = try await Follower.open(upstream: url, dataDirectory: restartDirectory, allowDevelopmentKeys: true) { _ in keys }
        let restart = Self.nanoseconds(ContinuousClock.now - restartStart)
        guard try restarted.tree.head().root == tree.root else { throw BenchmarkFailure("the restarted follower's root is not the stored one") }
        report(BenchmarkResult(name: "follow_restart_100k_accounts", ns: restart, extra: [("accounts", Double(accounts + 1))]))
    }

    /// Seals 64 deposits (8 deposit blocks) and `transferBlocks` full
    /// transfer blocks among the 64 accounts with the state keeper, storing,
    /// proving and verifying each block as the node would.
    private func seal(
        into store: any NodeStore, configuration: ChainConfiguration, bridge: Ed25519SigningKey, prove: (SealedBlock) throws -> String
    ) async throws {
        let keeper = try RollupStateKeeper(configuration: StateKeeperConfiguration(configuration))
        let committer = BlockCommitter(store: store, chain: configuration, verifyingKeys: [:])
        let senders = (0..<64).map { _ in EdDSAPrivateKey.generate() }
        func submit(_ transaction: Transaction) async throws {
            let (_, result) = try await keeper.submit(transaction) { (transaction, receipt) throws(TransactionRejection) in
                do { try store.insertPending(transaction, account: receipt.account, receivedAt: 0) } catch { throw .unavailable("\(error)") }
            }
            try record(result)
        }
        func record(_ result: SealResult) throws {
            try committer.record(result)
            for block in result.blocks {
                try store.storeProof(block: block.number, proof: try prove(block), prover: nil)
                try store.markVerified(block: block.number, writes: (block.updates.joined() + [block.feeUpdate].compactMap { $0 }).map { ($0.account, $0.after) })
            }
        }
        for (index, key) in senders.enumerated() {
            try await submit(.deposit(Deposit(account: nil, publicKey: key.publicKey, amount: 1 << 60, bridgeSequence: UInt64(index + 1))
                .signed(by: bridge, chain: configuration.chainID)))
        }
        try record(await keeper.tick(now: .now + .seconds(3600)))
        var nonces = [UInt32](repeating: 0, count: senders.count)
        for index in 0..<(transferBlocks * 8) {
            let sender = index % senders.count, recipient = (index * 7 + 1) % senders.count
            let to = recipient == sender ? (recipient + 1) % senders.count : recipient
            let transfer = Transfer(
                from: try AccountID(sender + 1), to: try AccountID(to + 1), amount: try PackedAmount(packing: 1_000),
                fee: try PackedFee(packing: 1), nonce: nonces[sender]).signed(with: senders[sender], chain: configuration.chainID)
            nonces[sender] += 1
            try await submit(.transfer(transfer))
        }
        try record(await keeper.tick(now: .now + .seconds(3600)))
    }

    /// The upstream's logger: its start and stop are no result.
    static let quiet: Logger = {
        var logger = Logger(label: "rollup.bench.follow")
        logger.logLevel = .critical
        return logger
    }()

    static func nanoseconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) * 1e9 + Double(parts.attoseconds) / 1e9
    }
}

/// A circuit with a block circuit's four public inputs (old root, new
/// root, commitment, chain id), each bound by one constraint and nothing
/// more: its proofs verify exactly as a block's do, at a stand-in's proving cost.
struct StandInBlockCircuit: Circuit {
    static let name = "stand-in-block"
    let inputs: [Fr]?
    var name: String { Self.name }

    func synthesize<CS: ConstraintSystem>(into cs: inout CS) throws {
        for index in 0..<BlockCommitment.publicInputCount {
            let input = try cs.allocatePublic("input \(index)", value: inputs?[index])
            cs.enforce("input \(index) · 1 = input \(index)", LinearCombination(input), LinearCombination(.one), LinearCombination(input))
        }
    }
}

/// A benchmark that could not run as designed.
struct BenchmarkFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
