import Algebra
import Foundation
import Primitives
import RollupTypes
import Storage

/// The account tree of the verified state, kept up to date as blocks are
/// verified, so that an account's exit proof (its leaf and Merkle path
/// under the last verified root) is answered without rebuilding the tree.
/// Safe to use from any thread.
public final class VerifiedTree: @unchecked Sendable {
    private let lock = NSLock()
    /// Nil until first needed or handed over (``start(from:committedThrough:)``).
    private var state: (tree: AccountTree, block: UInt32)?
    private let store: RollupStore
    private let depth: Int

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

    /// The verified tree of `store`'s chain, built when first needed (or
    /// handed over by ``start(from:committedThrough:)``).
    public init(store: RollupStore, depth: Int) {
        self.store = store
        self.depth = depth
    }

    /// Starts from the restored committed tree when every committed block is
    /// verified (the tree is then the same, and start-up builds it once);
    /// otherwise from the verified accounts in storage.
    public func start(from committed: AccountTree, committedThrough block: UInt32) throws {
        lock.lock()
        defer { lock.unlock() }
        state = try store.lastVerifiedBlock() == block ? (committed, block) : Self.load(store, depth: depth)
    }

    /// The tree of the verified accounts, checked against the last verified
    /// block's new root.
    private static func load(_ store: RollupStore, depth: Int) throws -> (tree: AccountTree, block: UInt32) {
        let block = try store.lastVerifiedBlock()
        let tree = try AccountTree(depth: depth, accounts: try store.verifiedAccounts())
        if block > 0, let sealed = try store.sealedBlock(block), sealed.newRoot != tree.root {
            throw Failure.rootMismatch(block: block, expected: sealed.newRoot.decimalString, rebuilt: tree.root.decimalString)
        }
        return (tree, block)
    }

    /// The state, loaded from storage if nothing handed it over yet. Call with the lock held.
    private func current() throws -> (tree: AccountTree, block: UInt32) {
        if let state { return state }
        let loaded = try Self.load(store, depth: depth)
        state = loaded
        return loaded
    }

    /// Applies verified block `sealed` (the next one) to the tree.
    func apply(_ sealed: SealedBlock) throws {
        let writes = (Array(sealed.updates.joined()) + (sealed.feeUpdate.map { [$0] } ?? [])).map { ($0.account, $0.after) }
        try apply(writes: writes, block: sealed.number, newRoot: sealed.newRoot)
    }

    /// Applies the writes of block `number`, the one after the tree's, and
    /// checks that they lead to `newRoot`. On a mismatch the tree is loaded
    /// from storage again when next used, and the error names both roots.
    /// A tree further behind (storage verified blocks it never applied, as
    /// the committer marks a block verified before it applies it here) is
    /// loaded from storage instead.
    public func apply(writes: [(AccountID, Account)], block number: UInt32, newRoot: Fr) throws {
        lock.lock()
        defer { lock.unlock() }
        var (tree, block) = try current()
        // Storage marked it verified first: a tree that is behind is loaded again.
        guard number == block + 1 else {
            state = try Self.load(store, depth: depth)
            return
        }
        state = nil
        for (id, account) in writes { _ = try tree.witnessedWrite(id, account) }
        tree.rehash()
        guard tree.root == newRoot else {
            throw Failure.rootMismatch(block: number, expected: newRoot.decimalString, rebuilt: tree.root.decimalString)
        }
        state = (tree, number)
    }

    /// Forgets the tree, which is loaded from storage when next used: for
    /// when storage failed to keep blocks the tree has already applied.
    public func reload() {
        lock.lock()
        defer { lock.unlock() }
        state = nil
    }

    /// One verified account.
    public func account(_ id: AccountID) throws -> Account? {
        lock.lock()
        defer { lock.unlock() }
        return try current().tree.account(id)
    }

    /// The lowest id whose verified account holds `key` (a scan: for lookups, not hot paths).
    public func firstAccount(withKey key: EdDSAPublicKey) throws -> AccountID? {
        lock.lock()
        defer { lock.unlock() }
        return try current().tree.allAccounts.first { $0.1.publicKey == key }?.0
    }

    /// The last verified block and its root (block 0: genesis).
    public func head() throws -> (block: UInt32, root: Fr) {
        lock.lock()
        defer { lock.unlock() }
        let (tree, block) = try current()
        return (block, tree.root)
    }

    /// `id`'s leaf and path under the last verified root, or nil when the
    /// verified state has no such account.
    public func witness(_ id: AccountID) throws -> Witness? {
        lock.lock()
        defer { lock.unlock() }
        let (tree, block) = try current()
        guard let account = tree.account(id) else { return nil }
        return Witness(account: id, state: account, path: tree.path(id), root: tree.root, block: block)
    }
}
