import Algebra
import Committer
import Foundation
import Primitives
import RollupTypes
import TestSupport
import StateKeeper
import Storage

/// Temporary SQLite files and a small chain (tree depth 4, 2 slots per block).
enum StoreFixture {
    static let operatorKey = EdDSAPrivateKey.generate()
    static let alice = EdDSAPrivateKey.generate()
    static let bob = EdDSAPrivateKey.generate()

    static let bridge = Ed25519SigningKey.generate()
    static let chain = try! ChainConfiguration.genesis(
        parameters: try! ChainParameters(treeDepth: 4, blockSize: 2), operatorKey: operatorKey.publicKey, bridgePublicKey: bridge.publicKey)

    static var configuration: StateKeeperConfiguration { StateKeeperConfiguration(chain) }

    /// A fresh path in a new temporary directory.
    static func temporaryDatabase() throws -> String {
        let directory = try ScratchDirectory.make("rollup-store")
        return directory.appendingPathComponent("rollup.sqlite").path
    }

    /// A keeper restored from `store`, storing what it accepts and seals there.
    static func node(_ store: DatabaseStore, committer: BlockCommitter? = nil) async throws -> (RollupStateKeeper, BlockCommitter) {
        let committer = committer ?? BlockCommitter(store: store, chain: chain, verifyingKeys: [:])
        let (keeper, _) = try await StateRestorer.restore(store: store, configuration: configuration, committer: committer)
        return (keeper, committer)
    }

    /// Submits and persists, as the API does.
    @discardableResult
    static func accept(_ transaction: Transaction, _ keeper: RollupStateKeeper, _ store: DatabaseStore) async throws -> RollupStateKeeper.Receipt {
        try await keeper.submit(transaction) { transaction, receipt throws(TransactionRejection) in
            do {
                try store.insertPending(transaction, account: receipt.account, receivedAt: 0)
            } catch StorageError.duplicateTransaction {
                throw .duplicate
            } catch {
                throw .unavailable(String(describing: error))
            }
        }.0
    }

    /// A deposit the chain's bridge signed.
    static func deposit(_ key: EdDSAPrivateKey, _ amount: UInt128, sequence: UInt64, account: AccountID? = nil) -> Transaction {
        .deposit(Deposit(account: account, publicKey: key.publicKey, amount: amount, bridgeSequence: sequence).signed(by: bridge, chain: chain.chainID))
    }

    static func transfer(_ from: Int, _ to: Int, _ amount: UInt128, nonce: UInt32, key: EdDSAPrivateKey) throws -> Transaction {
        .transfer(Transfer(from: try AccountID(from), to: try AccountID(to), amount: try PackedAmount(packing: amount),
                           fee: try PackedFee(packing: 1), nonce: nonce).signed(with: key, chain: chain.chainID))
    }
}

extension StoreFixture {
    /// The account writes of a sealed block, in order: what checking it replays.
    static func writes(of block: SealedBlock) -> [(AccountID, Account)] {
        (block.updates.joined() + [block.feeUpdate].compactMap { $0 }).map { ($0.account, $0.after) }
    }

    /// A deposit without the bridge's signature, as a database writer inserts it.
    static func unsignedDeposit(_ key: EdDSAPrivateKey, _ amount: UInt128, sequence: UInt64) -> Transaction {
        .deposit(Deposit(account: nil, publicKey: key.publicKey, amount: amount, bridgeSequence: sequence))
    }

    /// Rewrites the stored rows of block `block.number` to say what `block`
    /// says, as a machine with write access to the database would: the
    /// header, each account update and the body of each stored transaction.
    static func overwrite(block: SealedBlock, in database: DatabaseLocation) throws {
        let connection = try database.connect()
        let number = DatabaseValue.integer(Int64(block.number))
        try connection.run("UPDATE blocks SET pubdata = ?, new_root = ?, commitment = ?, total_fee = ? WHERE number = ?", [
            .blob(block.pubdata), .text(block.newRoot.decimalString), .text(block.commitment.decimalString), .text(String(block.totalFee)), number,
        ])
        let writes = block.updates.joined() + (block.feeUpdate.map { [$0] } ?? [])
        for (position, update) in writes.enumerated() {
            try connection.run("UPDATE account_updates SET account_id = ?, after = ?, siblings = ? WHERE block_number = ? AND position = ?", [
                .integer(Int64(update.account.value)), .blob(storedBytes(update.after)), .blob(update.path.siblings.flatMap(\.bigEndianBytes)),
                number, .integer(Int64(position)),
            ])
        }
        for (slot, transaction) in block.transactions.enumerated() where transaction != .noop {
            try connection.run("UPDATE transactions SET body = ? WHERE block_number = ? AND slot = ?", [.blob(transaction.encoded), number, .integer(Int64(slot))])
        }
    }

    /// An account as account_updates stores it: x ‖ y ‖ balance (16) ‖ nonce (4), big-endian.
    static func storedBytes(_ account: Account) -> [UInt8] {
        account.publicKey.x.bigEndianBytes + account.publicKey.y.bigEndianBytes
            + stride(from: 120, through: 0, by: -8).map { UInt8(truncatingIfNeeded: account.balance >> UInt128($0)) }
            + stride(from: 24, through: 0, by: -8).map { UInt8(truncatingIfNeeded: account.nonce >> UInt32($0)) }
    }
}
