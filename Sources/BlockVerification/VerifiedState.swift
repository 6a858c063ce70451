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
/// when first needed or when handed over at start, and after a failure,
/// and only after ``VerifiedChainAudit`` checked the stored verified chain
/// (from the checkpoint of the last audit, kept in `checkpointFile`); from
/// then on it follows only blocks that checked out. Safe to use from any
/// thread.
public final class VerifiedState: @unchecked Sendable {
    private let lock = NSLock()
    /// Nil until first needed or handed over (``start(from:committedThrough:)``).
    private var state: Snapshot?
    /// The checkpoint of the last state held, which a reload audits from.
    private var audited: AuditCheckpoint?
    private let store: RollupStore
    private let audit: VerifiedChainAudit
    private let checkpointFile: String?

    private struct Snapshot {
        var tree: AccountTree
        /// The tree's accounts by key.
        var keys: AccountKeyIndex
        var checkpoint: AuditCheckpoint
        var spentSequences: Set<UInt64>
        var block: UInt32 { checkpoint.block }
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

    /// The checkpoint file's name in a data directory.
    public static let checkpointFileName = "verified-chain.checkpoint"

    /// The verified state of `store`'s chain, audited by `audit` and
    /// loaded when first needed (or handed over by
    /// ``start(from:committedThrough:)``). `checkpointFile`: where the last
    /// audit's checkpoint is kept, outside the database (none: every load
    /// audits the whole chain).
    public init(store: RollupStore, audit: VerifiedChainAudit, checkpointFile: String? = nil) {
        self.store = store
        self.audit = audit
        self.checkpointFile = checkpointFile
    }

    /// Audits the stored verified chain, then starts from the restored
    /// committed tree when every committed block is verified and the tree
    /// has the audited root (start-up then builds it once); otherwise from
    /// the verified accounts in storage.
    public func start(from committed: AccountTree, committedThrough block: UInt32) throws {
        lock.lock()
        defer { lock.unlock() }
        let outcome = try audit.run(store, from: checkpointFile.flatMap(AuditCheckpoint.read))
        if outcome.checkpoint.block == block, committed.root.decimalString == outcome.checkpoint.root {
            hold(Snapshot(tree: committed, keys: AccountKeyIndex(committed.allAccounts), checkpoint: outcome.checkpoint, spentSequences: outcome.spentSequences))
        } else {
            hold(try load(outcome))
        }
        writeCheckpoint()
    }

    /// The verified accounts of storage, checked against the audited chain's last new root.
    private func load(_ outcome: VerifiedChainAudit.Outcome) throws -> Snapshot {
        let tree = try AccountTree(depth: audit.chain.parameters.treeDepth, accounts: try store.verifiedAccounts())
        guard tree.root.decimalString == outcome.checkpoint.root else {
            throw Failure.rootMismatch(block: outcome.checkpoint.block, expected: outcome.checkpoint.root, rebuilt: tree.root.decimalString)
        }
        return Snapshot(tree: tree, keys: AccountKeyIndex(tree.allAccounts), checkpoint: outcome.checkpoint, spentSequences: outcome.spentSequences)
    }

    /// Holds `snapshot` and remembers its checkpoint. Call with the lock held.
    private func hold(_ snapshot: Snapshot) {
        state = snapshot
        audited = snapshot.checkpoint
    }

    /// Writes the checkpoint of the state held to the file. Call with the
    /// lock held, only when storage holds every block the state applied.
    /// A checkpoint that cannot be written costs only time: the next start
    /// audits from an older one.
    private func writeCheckpoint() {
        if let checkpointFile, let state { try? state.checkpoint.write(to: checkpointFile) }
    }

    /// Records how far the verified chain is audited, in the checkpoint
    /// file: call once storage has stored the blocks ``apply(_:)`` took (a
    /// checkpoint ahead of storage would stop the next start).
    public func recordCheckpoint() {
        lock.lock()
        defer { lock.unlock() }
        writeCheckpoint()
    }

    /// The state, audited and loaded from storage if nothing handed it over
    /// yet. Call with the lock held.
    private func current() throws -> Snapshot {
        if let state { return state }
        let outcome = try audit.run(store, from: audited ?? checkpointFile.flatMap(AuditCheckpoint.read))
        let loaded = try load(outcome)
        hold(loaded)
        writeCheckpoint()
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
            state = nil
            _ = try current()
            return
        }
        state = nil
        for (id, account) in checked.writes { _ = try snapshot.tree.witnessedWrite(id, account) }
        snapshot.tree.rehash()
        guard snapshot.tree.root == checked.record.newRoot else {
            throw BlockRefusal.newRoot(stated: checked.record.newRoot.decimalString, replayed: snapshot.tree.root.decimalString)
        }
        for (id, account) in checked.writes { snapshot.keys.insert(id, key: account.publicKey) }
        snapshot.checkpoint = snapshot.checkpoint.advanced(by: checked.record)
        snapshot.spentSequences.formUnion(checked.spentSequences)
        hold(snapshot)
    }

    /// Every bridge sequence a verified block spent.
    public func spentSequences() throws -> Set<UInt64> {
        lock.lock()
        defer { lock.unlock() }
        return try current().spentSequences
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

    /// The lowest id whose verified account holds `key` (an index lookup).
    public func firstAccount(withKey key: EdDSAPublicKey) throws -> AccountID? {
        lock.lock()
        defer { lock.unlock() }
        return try current().keys.firstAccount(withKey: key)
    }

    /// The last verified block and its root (block 0: genesis).
    public func head() throws -> (block: UInt32, root: Fr) {
        lock.lock()
        defer { lock.unlock() }
        let snapshot = try current()
        return (snapshot.block, snapshot.tree.root)
    }

    /// A copy of the verified state to replay the committed blocks after
    /// it on (``CommittedReplay``).
    public func committedReplay() throws -> CommittedReplay {
        lock.lock()
        defer { lock.unlock() }
        let snapshot = try current()
        return CommittedReplay(verified: snapshot.tree, block: snapshot.block, spentSequences: snapshot.spentSequences, chain: audit.chain)
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
