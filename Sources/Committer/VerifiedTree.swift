import Algebra
import Foundation
import RollupTypes
import Storage

/// The account tree of the verified state, kept up to date as blocks are
/// verified, so that an account's exit proof (its leaf and Merkle path
/// under the last verified root) is answered without rebuilding the tree.
/// Safe to use from any thread.
public final class VerifiedTree: @unchecked Sendable {
    private let lock = NSLock()
    private var tree: AccountTree
    private var block: UInt32
    private let store: RollupStore

    /// An account's place in the verified state.
    public struct Witness: Sendable, Equatable {
        public let account: AccountID
        public let state: Account
        public let path: MerklePath
        public let root: Fr
        /// The last verified block, whose new root `root` is (0: genesis).
        public let block: UInt32
    }

    /// Why the verified tree cannot be trusted.
    public enum Failure: Error, CustomStringConvertible {
        case rootMismatch(block: UInt32, expected: String, rebuilt: String)

        public var description: String {
            switch self {
            case .rootMismatch(let block, let expected, let rebuilt):
                return "the verified accounts give root \(rebuilt), but block \(block) proved root \(expected): the database is inconsistent"
            }
        }
    }

    /// The tree of `store`'s verified accounts, checked against the last
    /// verified block's new root.
    public init(store: RollupStore, depth: Int) throws {
        self.store = store
        (tree, block) = try Self.load(store, depth: depth)
    }

    private static func load(_ store: RollupStore, depth: Int) throws -> (AccountTree, UInt32) {
        let block = try store.lastVerifiedBlock()
        let tree = try AccountTree(depth: depth, accounts: try store.verifiedAccounts())
        if block > 0, let sealed = try store.sealedBlock(block), sealed.newRoot != tree.root {
            throw Failure.rootMismatch(block: block, expected: sealed.newRoot.decimalString, rebuilt: tree.root.decimalString)
        }
        return (tree, block)
    }

    /// Applies verified block `sealed` (the next one) to the tree.
    func apply(_ sealed: SealedBlock) throws {
        lock.lock()
        defer { lock.unlock() }
        guard sealed.number == block + 1 else {
            (tree, block) = try Self.load(store, depth: tree.depth)
            return
        }
        for update in sealed.updates.joined() { _ = try tree.witnessedWrite(update.account, update.after) }
        if let fee = sealed.feeUpdate { _ = try tree.witnessedWrite(fee.account, fee.after) }
        tree.rehash()
        guard tree.root == sealed.newRoot else {
            throw Failure.rootMismatch(block: sealed.number, expected: sealed.newRoot.decimalString, rebuilt: tree.root.decimalString)
        }
        block = sealed.number
    }

    /// `id`'s leaf and path under the last verified root, or nil when the
    /// verified state has no such account.
    public func witness(_ id: AccountID) -> Witness? {
        lock.lock()
        defer { lock.unlock() }
        guard let state = tree.account(id) else { return nil }
        return Witness(account: id, state: state, path: tree.path(id), root: tree.root, block: block)
    }
}
