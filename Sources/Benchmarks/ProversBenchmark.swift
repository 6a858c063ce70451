import Algebra
import Circuits
import Committer
import Foundation
import Groth16
import Primitives
import Prover
import RollupTypes
import StateKeeper
import Storage

/// `rollup bench provers`: full-size transfer blocks (depth 24, 8 slots)
/// proved through the real worker path (claim, witness from the database,
/// prove, store) by one worker using both cores, then by two
/// single-threaded workers sharing the database; the throughput ratio.
public struct ProversBenchmark: Sendable {
    public var blocks = 4
    public var parameters = BlockCircuitParameters.production

    public init() {}

    public func run(report: (BenchmarkResult) -> Void) async throws {
        let key = try BlockProver.developmentKey(.transfer, parameters)
        let prover = try BlockProver(keys: [.transfer: key], parameters: parameters)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rollup-bench-provers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("provers.sqlite").path
        try await sealBlocks(into: path)

        let one = try await prove(path, prover: prover, workers: 1, threads: 2)
        let two = try await prove(path, prover: prover, workers: 2, threads: 1)
        report(BenchmarkResult(name: "provers_1_worker_2_threads", ns: one / Double(blocks), extra: [("blocks", Double(blocks))]))
        report(BenchmarkResult(name: "provers_2_workers_1_thread", ns: two / Double(blocks), extra: [("blocks", Double(blocks))]))
        report(BenchmarkResult(name: "provers_throughput_ratio", ns: two, extra: [("ratio", one / two)]))
    }

    /// `blocks` full transfer blocks committed to a fresh database.
    func sealBlocks(into path: String) async throws {
        let operatorKey = EdDSAPrivateKey.generate()
        let senders = (0..<parameters.capacity).map { _ in EdDSAPrivateKey.generate() }
        let configuration = StateKeeperConfiguration(
            operatorKey: operatorKey.publicKey, chain: try ChainParameters(treeDepth: parameters.treeDepth, blockSize: parameters.capacity))
        let store = try DatabaseStore(path: path)
        try store.initialize(ChainConfiguration(parameters: configuration.chain, operatorKey: configuration.operatorKey, bridgePublicKey: nil))
        var accounts = [(AccountID.feeAccount, Account(publicKey: operatorKey.publicKey))]
        for (index, key) in senders.enumerated() { accounts.append((try AccountID(index + 1), Account(publicKey: key.publicKey, balance: 1 << 60))) }
        let keeper = try RollupStateKeeper(configuration: configuration, tree: try AccountTree(depth: parameters.treeDepth, accounts: accounts), nextBlockNumber: 1)
        let committer = BlockCommitter(store: store, verifyingKeys: [:])
        await keeper.setBlockSink { try committer.record($0) }
        for nonce in 0..<UInt32(blocks) {
            for (index, key) in senders.enumerated() {
                let transfer = Transaction.transfer(Transfer(
                    from: try AccountID(index + 1), to: try AccountID((index + 1) % senders.count + 1), amount: try PackedAmount(packing: 5),
                    fee: try PackedFee(packing: 1), nonce: nonce).signed(with: key))
                try store.insertPending(transfer, account: nil, receivedAt: 0)
                _ = try await keeper.submit(transfer)
            }
        }
    }

    /// Nanoseconds for `workers` workers of `threads` threads each to prove every block.
    func prove(_ path: String, prover: BlockProver, workers: Int, threads: Int) async throws -> Double {
        let connection = try SQLiteConnection(path: path)
        try connection.execute("DELETE FROM proofs; DELETE FROM prover_runs; DELETE FROM active_provers")
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<workers {
                var configuration = ProverWorkerConfiguration(name: "bench-\(workers)-\(index)")
                configuration.threads = threads
                configuration.poll = .milliseconds(20)
                let worker = ProverWorker(store: try DatabaseStore(path: path), prover: prover, configuration: configuration)
                group.addTask { try await worker.run() }
            }
            while try connection.row("SELECT COUNT(*) FROM proofs")?.integer(0) ?? 0 < Int64(blocks) {
                try await Task.sleep(for: .milliseconds(20))
            }
            group.cancelAll()
            try await group.waitForAll()
        }
        return Double((ContinuousClock.now - start) / .nanoseconds(1))
    }
}
