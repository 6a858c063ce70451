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
/// Then what the queue itself costs: a claim and a stored proof, per
/// block. On SQLite by default, or on a PostgreSQL server (`database`).
public struct ProversBenchmark: Sendable {
    public var blocks = 4
    public var parameters = BlockCircuitParameters.production(.transfer)
    /// A PostgreSQL server to run on (a scratch database is made there); nil for SQLite.
    public var database: DatabaseLocation?
    /// Claim-and-store rounds over every block, for `provers_claim_store`.
    public var claimRounds = 25

    public init() {}

    public func run(report: (BenchmarkResult) -> Void) async throws {
        let key = try BlockProver.developmentKey(.transfer, parameters)
        let prover = try BlockProver(keys: [.transfer: key], parameters: parameters)
        let scratch = try ScratchDatabase(on: database, name: "provers.sqlite")
        defer { scratch.remove() }
        let path = scratch.location
        try await sealBlocks(into: path)

        let one = try await prove(path, prover: prover, workers: 1, threads: 2)
        let two = try await prove(path, prover: prover, workers: 2, threads: 1)
        let single = try await prove(path, prover: prover, workers: 1, threads: 1)
        report(BenchmarkResult(name: "provers_1_worker_2_threads", ns: one / Double(blocks), extra: [("blocks", Double(blocks))]))
        report(BenchmarkResult(name: "provers_2_workers_1_thread", ns: two / Double(blocks), extra: [("blocks", Double(blocks))]))
        report(BenchmarkResult(name: "provers_throughput_ratio", ns: two, extra: [("ratio", one / two)]))
        // The fleet's scaling: N = 2 single-threaded workers against one (target ≥ 0.9·N).
        report(BenchmarkResult(name: "provers_1_worker_1_thread", ns: single / Double(blocks), extra: [("blocks", Double(blocks))]))
        report(BenchmarkResult(name: "provers_fleet_scaling", ns: two, extra: [("workers", 2), ("ratio", single / two)]))
        let claim = try claimAndStore(path, proof: try prover.prove(try DatabaseStore(path).sealedBlock(1)!))
        report(BenchmarkResult(name: "provers_claim_store", ns: claim, extra: [("ms", claim / 1e6), ("blocks", Double(blocks * claimRounds))]))
    }

    /// Seconds per block for `workers` single-threaded workers proving
    /// `blocks` freshly sealed blocks: the reference `bench throughput`
    /// measures beside its node.
    public func secondsPerBlock(workers: Int) async throws -> Double {
        let key = try BlockProver.developmentKey(.transfer, parameters)
        let prover = try BlockProver(keys: [.transfer: key], parameters: parameters)
        let scratch = try ScratchDatabase(on: database, name: "provers.sqlite")
        defer { scratch.remove() }
        try await sealBlocks(into: scratch.location)
        return try await prove(scratch.location, prover: prover, workers: workers, threads: 1) / Double(blocks) / 1e9
    }

    /// Nanoseconds per block for a worker's bookkeeping alone: claim the
    /// block, store its proof (a real one's JSON), as one worker does,
    /// over `claimRounds` rounds of every block.
    func claimAndStore(_ database: DatabaseLocation, proof: Proof) throws -> Double {
        let store = try DatabaseStore(database)
        let json = String(decoding: try SnarkJSFormat.encode(proof), as: UTF8.self)
        var elapsed = Duration.zero
        for _ in 0..<claimRounds {
            try clearRuns(store)
            try store.registerProver("bench-claims", now: try store.clock(), lease: 60_000)
            let start = ContinuousClock.now
            for _ in 0..<blocks {
                guard let run = try store.claimBlock(prover: "bench-claims", now: try store.clock(), lease: 60_000, maxFailures: 3) else {
                    throw StorageError.corrupt("no block to claim")
                }
                guard try store.finishRun(run, proof: json, error: nil, now: try store.clock()) else { throw StorageError.corrupt("a claim was lost") }
            }
            elapsed += ContinuousClock.now - start
        }
        return Double(elapsed / .nanoseconds(1)) / Double(blocks * claimRounds)
    }

    /// Forgets every proof and run, so the blocks are unproved again.
    func clearRuns(_ store: DatabaseStore) throws {
        let connection = try store.location.connect()
        for table in ["proofs", "prover_runs", "active_provers"] { try connection.run("DELETE FROM \(table)") }
    }

    /// `blocks` full transfer blocks committed to a fresh database.
    func sealBlocks(into path: DatabaseLocation) async throws {
        let operatorKey = EdDSAPrivateKey.generate()
        let senders = (0..<parameters.capacity).map { _ in EdDSAPrivateKey.generate() }
        let chain = try ChainConfiguration.genesis(
            parameters: try ChainParameters(treeDepth: parameters.treeDepth, blockSize: parameters.capacity), operatorKey: operatorKey.publicKey,
            bridgePublicKey: Ed25519SigningKey.generate().publicKey)
        let configuration = StateKeeperConfiguration(chain)
        let store = try DatabaseStore(path)
        try store.initialize(chain)
        var accounts = [(AccountID.feeAccount, Account(publicKey: operatorKey.publicKey))]
        for (index, key) in senders.enumerated() { accounts.append((try AccountID(index + 1), Account(publicKey: key.publicKey, balance: 1 << 60))) }
        let keeper = try RollupStateKeeper(
            configuration: configuration, tree: try AccountTree(depth: parameters.treeDepth, accounts: accounts), nextBlockNumber: 1, spentSequences: [])
        let committer = BlockCommitter(store: store, chain: chain, verifyingKeys: [:])
        await keeper.setBlockSink { try committer.record($0) }
        for nonce in 0..<UInt32(blocks) {
            for (index, key) in senders.enumerated() {
                let transfer = Transaction.transfer(Transfer(
                    from: try AccountID(index + 1), to: try AccountID((index + 1) % senders.count + 1), amount: try PackedAmount(packing: 5),
                    fee: try PackedFee(packing: 1), nonce: nonce).signed(with: key, chain: chain.chainID))
                try store.insertPending(transfer, account: nil, receivedAt: 0)
                _ = try await keeper.submit(transfer)
            }
        }
    }

    /// Nanoseconds for `workers` workers of `threads` threads each to prove every block.
    func prove(_ path: DatabaseLocation, prover: BlockProver, workers: Int, threads: Int) async throws -> Double {
        let connection = try path.connect()
        try clearRuns(try DatabaseStore(path))
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<workers {
                var configuration = ProverWorkerConfiguration(name: "bench-\(workers)-\(index)")
                configuration.threads = threads
                configuration.poll = .milliseconds(20)
                let worker = ProverWorker(store: try DatabaseStore(path), prover: prover, configuration: configuration)
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
