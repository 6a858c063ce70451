import Algebra
import Committer
import Foundation
import Primitives
import RollupTypes
import ScratchSpace
import StateKeeper
import Storage

/// Temporary SQLite files and a small chain (tree depth 4, 2 slots per block).
enum StoreFixture {
    static let operatorKey = EdDSAPrivateKey.generate()
    static let alice = EdDSAPrivateKey.generate()
    static let bob = EdDSAPrivateKey.generate()

    static var configuration: StateKeeperConfiguration {
        StateKeeperConfiguration(operatorKey: operatorKey.publicKey, chain: try! ChainParameters(treeDepth: 4, blockSize: 2))
    }

    /// A fresh path in a new temporary directory.
    static func temporaryDatabase() throws -> String {
        let directory = try ScratchDirectory.make("rollup-store")
        return directory.appendingPathComponent("rollup.sqlite").path
    }

    /// A keeper restored from `store`, storing what it accepts and seals there.
    static func node(_ store: DatabaseStore, committer: BlockCommitter? = nil) async throws -> (RollupStateKeeper, BlockCommitter) {
        let committer = committer ?? BlockCommitter(store: store, verifyingKeys: [:])
        let (keeper, _) = try await StateRestorer.restore(store: store, configuration: configuration, bridgePublicKey: nil, committer: committer)
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

    static func deposit(_ key: EdDSAPrivateKey, _ amount: UInt128, sequence: UInt64, account: AccountID? = nil) -> Transaction {
        .deposit(Deposit(account: account, publicKey: key.publicKey, amount: amount, bridgeSequence: sequence))
    }

    static func transfer(_ from: Int, _ to: Int, _ amount: UInt128, nonce: UInt32, key: EdDSAPrivateKey) throws -> Transaction {
        .transfer(Transfer(from: try AccountID(from), to: try AccountID(to), amount: try PackedAmount(packing: amount),
                           fee: try PackedFee(packing: 1), nonce: nonce).signed(with: key))
    }
}
