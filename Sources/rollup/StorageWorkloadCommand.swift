import ArgumentParser
import Committer
import Foundation
import Primitives
import RollupTypes
import StateKeeper
import Storage

/// `rollup storage-workload --db PATH|URL` (hidden): a stream of deposits and
/// transfers accepted through the state keeper into a store (SQLite or PostgreSQL), sealed
/// into committed blocks, printing "ACK <hash>" once each is durable. The
/// crash tests kill it with SIGKILL at random points and restart it.
struct StorageWorkloadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "storage-workload",
        abstract: "Test tool: accept and seal transactions into a database until killed.",
        shouldDisplay: false
    )

    @Option(help: "The database: an SQLite file (created if missing) or postgres://USER@HOST:PORT/DB.", transform: DatabaseLocation.init(parsing:))
    var db: DatabaseLocation

    @Option(help: "Stop after this many acknowledged transactions (default: run until killed).")
    var limit: Int?

    /// Four fixed users; account i belongs to user (i − 1) % 4.
    static let users = (1...4).map { try! EdDSAPrivateKey(bytes: [UInt8](repeating: UInt8($0), count: 32)) }
    static let operatorKey = try! EdDSAPrivateKey(bytes: [UInt8](repeating: 9, count: 32))
    static let bridge = try! Ed25519SigningKey(seed: [UInt8](repeating: 8, count: 32))

    func run() async throws {
        let store = try DatabaseStore(db)
        // The chain the database holds after a restart, else a new one.
        let chain = try store.configuration() ?? .genesis(
            parameters: try ChainParameters(treeDepth: 12, blockSize: 4), operatorKey: Self.operatorKey.publicKey, bridgePublicKey: Self.bridge.publicKey)
        let committer = BlockCommitter(store: store, chain: chain, verifyingKeys: [:])
        let (keeper, report) = try await StateRestorer.restore(store: store, configuration: StateKeeperConfiguration(chain), committer: committer)
        printError("restored: \(report.accounts) accounts, block \(report.lastCommittedBlock), \(report.requeued) re-queued")
        var accounts = 0
        while await keeper.projectedAccount(try AccountID(accounts + 1)) != nil { accounts += 1 }
        var acknowledged = 0
        while limit.map({ acknowledged < $0 }) ?? true {
            let transaction: Transaction
            if accounts < 2 || Int.random(in: 0..<10) < 3 {
                let owner = Self.users[accounts % 4]
                transaction = .deposit(Deposit(account: nil, publicKey: owner.publicKey, amount: 1_000, bridgeSequence: UInt64.random(in: 0...UInt64.max))
                    .signed(by: Self.bridge, chain: chain.chainID))
            } else {
                let from = Int.random(in: 1...accounts)
                var to = Int.random(in: 1...accounts)
                if to == from { to = from % accounts + 1 }
                let sender = try AccountID(from)
                guard let account = await keeper.projectedAccount(sender), account.balance > 0 else { continue }
                let transfer = Transfer(from: sender, to: try AccountID(to), amount: try PackedAmount(packing: 1), fee: try PackedFee(packing: 0), nonce: account.nonce)
                transaction = .transfer(transfer.signed(with: Self.users[(from - 1) % 4], chain: chain.chainID))
            }
            let (receipt, _) = try await keeper.submit(transaction) { transaction, receipt throws(TransactionRejection) in
                do {
                    try store.insertPending(transaction, account: receipt.account, receivedAt: 0)
                } catch {
                    throw .unavailable(String(describing: error))
                }
            }
            if receipt.account != nil { accounts += 1 }
            FileHandle.standardOutput.write(Data("ACK \(receipt.hash)\n".utf8))
            acknowledged += 1
            if acknowledged % 3 == 0 { _ = await keeper.tick(now: .now + .seconds(3600)) }
        }
    }
}
