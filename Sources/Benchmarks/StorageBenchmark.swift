import Algebra
import BlockVerification
import Committer
import Foundation
import Primitives
import RollupTypes
import StateKeeper
import Storage

/// `rollup bench storage`: accepted transactions persisted per second (with
/// p50 and p99 latency), sealed transfer blocks persisted per second (8
/// transfers, 17 account updates with their 36-sibling paths, one database
/// transaction each), and a restart with 100k accounts, all on SQLite files
/// in a temporary directory.
public struct StorageBenchmark: Sendable {
    public var transactions = 5_000
    public var blocks = 200
    public var restartAccounts = 100_000

    public init() {}

    public func run(report: (BenchmarkResult) -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rollup-bench-storage-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try acceptance(directory.appendingPathComponent("accept.sqlite").path, report: report)
        try await sealing(directory.appendingPathComponent("seal.sqlite").path, report: report)
        try await restart(directory.appendingPathComponent("restart.sqlite").path, report: report)
    }

    static let operatorKey = EdDSAPrivateKey.generate()

    /// The benchmarks' chain (depth 24, 8 slots per block).
    static let chain = try! ChainConfiguration.genesis(
        parameters: try! ChainParameters(treeDepth: 24, blockSize: 8), operatorKey: operatorKey.publicKey, bridgePublicKey: Ed25519SigningKey.generate().publicKey)

    static func configuration() -> StateKeeperConfiguration { StateKeeperConfiguration(chain) }

    func acceptance(_ path: String, report: (BenchmarkResult) -> Void) throws {
        let store = try DatabaseStore(path: path)
        try store.initialize(Self.chain)
        let key = EdDSAPrivateKey.generate().publicKey
        let deposits = (0..<transactions).map { Transaction.deposit(Deposit(account: nil, publicKey: key, amount: 1, bridgeSequence: UInt64($0))) }
        var latencies = [Double]()
        latencies.reserveCapacity(deposits.count)
        let total = try BenchmarkClock.time {
            for deposit in deposits {
                latencies.append(try BenchmarkClock.time { try store.insertPending(deposit, account: nil, receivedAt: 0) })
            }
        }
        latencies.sort()
        report(BenchmarkResult(name: "accepted_tx_persisted", ns: total / Double(deposits.count), extra: [
            ("per_second", Double(deposits.count) / total * 1e9), ("p50_ns", latencies[latencies.count / 2]),
            ("p99_ns", latencies[latencies.count * 99 / 100]), ("transactions", Double(deposits.count)),
        ]))
    }

    func sealing(_ path: String, report: (BenchmarkResult) -> Void) async throws {
        let store = try DatabaseStore(path: path)
        try store.initialize(Self.chain)
        let senders = (0..<8).map { _ in EdDSAPrivateKey.generate() }
        var accounts = [(AccountID.feeAccount, Account(publicKey: Self.operatorKey.publicKey))]
        for (index, key) in senders.enumerated() { accounts.append((try AccountID(index + 1), Account(publicKey: key.publicKey, balance: 1 << 60))) }
        // The keeper starts from accounts the store does not know: block roots are not checked here, only writes timed.
        let keeper = try RollupStateKeeper(
            configuration: Self.configuration(), tree: try AccountTree(depth: 24, accounts: accounts), nextBlockNumber: 1, spentSequences: [])
        var sealed = [SealedBlock]()
        var nonce: UInt32 = 0
        while sealed.count < blocks {
            for (index, key) in senders.enumerated() {
                let transfer = Transfer(from: try AccountID(index + 1), to: try AccountID((index + 1) % 8 + 1), amount: try PackedAmount(packing: 1),
                                        fee: try PackedFee(packing: 1), nonce: nonce).signed(with: key, chain: Self.chain.chainID)
                try store.insertPending(.transfer(transfer), account: nil, receivedAt: 0)
                sealed += try await keeper.submit(.transfer(transfer)).1.blocks
            }
            nonce += 1
        }
        let total = try BenchmarkClock.time { for block in sealed { try store.commit(block) } }
        report(BenchmarkResult(name: "sealed_block_persisted", ns: total / Double(sealed.count), extra: [
            ("per_second", Double(sealed.count) / total * 1e9), ("blocks", Double(sealed.count)),
        ]))
    }

    /// A database holding `restartAccounts` verified accounts and one
    /// verified block whose root is theirs, then a timed restore.
    func restart(_ path: String, report: (BenchmarkResult) -> Void) async throws {
        let store = try DatabaseStore(path: path)
        let directory = (path as NSString).deletingLastPathComponent
        let configuration = Self.configuration()
        try store.initialize(Self.chain)
        let keys = (0..<16).map { _ in EdDSAPrivateKey.generate().publicKey }
        var accounts = [(AccountID.feeAccount, Account(publicKey: Self.operatorKey.publicKey))]
        for index in 1...restartAccounts { accounts.append((try AccountID(index), Account(publicKey: keys[index % 16], balance: UInt128(index)))) }
        let root = try AccountTree(depth: configuration.chain.treeDepth, accounts: accounts).root
        let connection = try SQLiteConnection(path: path)
        try connection.transaction {
            for (id, account) in accounts where id != .feeAccount {
                try connection.run(
                    "INSERT INTO accounts (id, public_key, balance, nonce, verified_block) VALUES (?, ?, ?, 0, 1)",
                    [.integer(Int64(id.value)), .blob(account.publicKey.x.bigEndianBytes + account.publicKey.y.bigEndianBytes), .text(String(account.balance))])
            }
            let block = RestartBlock.record(Self.chain, newRoot: root)
            try connection.run("""
                INSERT INTO blocks (number, type, slot_count, old_root, new_root, total_fee, pubdata, authority, commitment, committed_at, verified_at)
                VALUES (1, 'deposit', ?, ?, ?, '0', ?, ?, ?, 0, 0)
                """, [.integer(Int64(Self.chain.parameters.slots(.deposit))), .text(block.oldRoot.decimalString), .text(root.decimalString), .blob(block.pubdata),
                      .blob(block.authority), .text(block.commitment.decimalString)])
            try RestartBlock.writeCheckpoint(Self.chain, block, in: directory)
        }
        // As the node: the verified chain audited from the checkpoint in its data directory.
        let verifiedState = VerifiedState(
            store: store, audit: VerifiedChainAudit(chain: Self.chain, keys: [:]), checkpointFile: directory + "/" + VerifiedState.checkpointFileName)
        let committer = BlockCommitter(store: store, chain: Self.chain, verifyingKeys: [:], verifiedState: verifiedState)
        let start = ContinuousClock.now
        let (_, restoreReport) = try await StateRestorer.restore(store: DatabaseStore(path: path), configuration: configuration, committer: committer)
        let time = Double((ContinuousClock.now - start) / .nanoseconds(1))
        report(BenchmarkResult(name: "restart_100k_accounts", ns: time, extra: [("accounts", Double(restoreReport.accounts))]))
    }
}
