import Algebra
import Foundation
import Primitives
import RollupTypes
import Storage

/// The verified state in memory: the account tree and the bridge sequences
/// that verified blocks spent, kept up to date as blocks are verified, so
/// that blocks are checked against it (``BlockCheck``) and an account's
/// exit proof (its leaf and Merkle path under the last verified root) is
/// answered without rebuilding the tree. It is loaded from storage once,
/// when first needed or when handed over at start, and after a failure;
/// from then on it follows only blocks that checked out. Safe to use from
/// any thread.
public final class VerifiedState: @unchecked Sendable {
    private let lock = NSLock()
    /// Nil until first needed or handed over (``start(from:committedThrough:)``).
    private var state: Snapshot?
    private let store: RollupStore
    private let depth: Int

    private struct Snapshot {
        var tree: AccountTree
        var block: UInt32
        var spentSequences: Set<UInt64>
    }

    /// An account's place in the verified state.
    public struct Witness: Sendable, Equatable {
        public let account: AccountID
        public let state: Account
        public let path: MerklePath
        public let root: Fr
        /// The last verified block, whose new root `root` is (0: genesis).
        public let block: UInt32
    }

    /// Why the verified state in storage cannot be trusted.
    public enum Failure: Error, CustomStringConvertible {
        case rootMismatch(block: UInt32, expected: String, rebuilt: String)

        public var description: String {
            switch self {
            case .rootMismatch(let block, let expected, let rebuilt):
                return "the verified accounts give root \(rebuilt), but block \(block) proved root \(expected): the database is inconsistent"
            }
        }
    }

    /// The verified state of `store`'s chain, loaded when first needed (or
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
        let verified = try store.lastVerifiedBlock()
        state = verified == block
            ? Snapshot(tree: committed, block: block, spentSequences: try store.spentBridgeSequences(throughBlock: block))
            : try Self.load(store, depth: depth)
    }

    /// The verified accounts and spent sequences of storage, checked
    /// against the last verified block's new root.
    private static func load(_ store: RollupStore, depth: Int) throws -> Snapshot {
        let block = try store.lastVerifiedBlock()
        let tree = try AccountTree(depth: depth, accounts: try store.verifiedAccounts())
        if block > 0, let last = try store.blocks(from: block, limit: 1).first, last.number == block, last.newRoot != tree.root {
            throw Failure.rootMismatch(block: block, expected: last.newRoot.decimalString, rebuilt: tree.root.decimalString)
        }
        return Snapshot(tree: tree, block: block, spentSequences: try store.spentBridgeSequences(throughBlock: block))
    }

    /// The state, loaded from storage if nothing handed it over yet. Call with the lock held.
    private func current() throws -> Snapshot {
        if let state { return state }
        let loaded = try Self.load(store, depth: depth)
        state = loaded
        return loaded
    }

    /// Applies `checked`, the block after the last verified one, whose
    /// proof verified: its writes must lead to its stated new root
    /// (``BlockRefusal/newRoot(stated:replayed:)`` otherwise, and the state
    /// is loaded from storage again when next used), and its bridge
    /// sequences are spent. A state further behind (storage verified blocks
    /// it never applied) is loaded from storage instead.
    public func apply(_ checked: CheckedBlock) throws {
        lock.lock()
        defer { lock.unlock() }
        var snapshot = try current()
        // Storage marked it verified first: a state that is behind is loaded again.
        guard checked.record.number == snapshot.block + 1 else {
            state = try Self.load(store, depth: depth)
            return
        }
        state = nil
        for (id, account) in checked.writes { _ = try snapshot.tree.witnessedWrite(id, account) }
        snapshot.tree.rehash()
        guard snapshot.tree.root == checked.record.newRoot else {
            throw BlockRefusal.newRoot(stated: checked.record.newRoot.decimalString, replayed: snapshot.tree.root.decimalString)
        }
        snapshot.block = checked.record.number
        snapshot.spentSequences.formUnion(checked.spentSequences)
        state = snapshot
    }

    /// Forgets the state, which is loaded from storage when next used: for
    /// when storage failed to keep blocks it has already applied.
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

    /// Whether a verified block spent bridge sequence `sequence`; true
    /// when the state cannot be loaded, so that nothing is credited twice.
    public func isSpent(_ sequence: UInt64) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return (try? current().spentSequences.contains(sequence)) ?? true
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
        let snapshot = try current()
        return (snapshot.block, snapshot.tree.root)
    }

    /// `id`'s leaf and path under the last verified root, or nil when the
    /// verified state has no such account.
    public func witness(_ id: AccountID) throws -> Witness? {
        lock.lock()
        defer { lock.unlock() }
        let snapshot = try current()
        guard let account = snapshot.tree.account(id) else { return nil }
        return Witness(account: id, state: account, path: snapshot.tree.path(id), root: snapshot.tree.root, block: snapshot.block)
    }
}
