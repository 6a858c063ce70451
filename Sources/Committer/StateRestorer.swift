import Algebra
import RollupTypes
import StateKeeper
import Storage

/// Starts the state keeper from storage: the committed state rebuilt into a
/// tree, checked against the last committed block's root, the block
/// numbering and the spent bridge sequences continued, and pending
/// transactions re-queued in arrival order, each checked again as on
/// submission (signatures and bridge signatures included: the pending rows
/// are only as trustworthy as whoever can write the database).
public enum StateRestorer {
    /// Why the node refuses to start.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case rootMismatch(block: UInt32, stored: String, rebuilt: String)

        public var description: String {
            switch self {
            case .rootMismatch(let block, let stored, let rebuilt):
                return "the accounts in the database give root \(rebuilt), but block \(block) committed root \(stored): "
                    + "the database is inconsistent from block \(block) on; refusing to start"
            }
        }
    }

    /// What a restore did.
    public struct Report: Sendable {
        public let accounts: Int
        public let lastCommittedBlock: UInt32
        public let requeued: Int
        /// The pending transactions that no longer hold, with the reason;
        /// they are marked rejected.
        public let dropped: [(hash: String, reason: String)]
    }

    /// The keeper for `store` (its chain recorded from `configuration` on
    /// first start), with every seal handed to `committer` from now on.
    public static func restore(
        store: RollupStore, configuration: StateKeeperConfiguration, committer: BlockCommitter
    ) async throws -> (RollupStateKeeper, Report) {
        try store.initialize(configuration.chainConfiguration)
        let accounts = try store.committedAccounts()
        let tree = try AccountTree(depth: configuration.chain.treeDepth, accounts: accounts)
        let last = try store.lastCommittedBlock()
        if let last, tree.root != last.newRoot {
            throw Failure.rootMismatch(block: last.number, stored: last.newRoot.decimalString, rebuilt: tree.root.decimalString)
        }
        let keeper = try RollupStateKeeper(
            configuration: configuration, tree: tree, nextBlockNumber: (last?.number ?? 0) + 1,
            spentSequences: try store.spentBridgeSequences(throughBlock: nil))
        await keeper.setBlockSink { try committer.record($0) }
        var dropped = [(hash: String, reason: String)]()
        let pending = try store.pendingTransactions()
        for transaction in pending {
            do {
                _ = try await keeper.submit(transaction)
            } catch {
                dropped.append((transaction.hash, error.description))
            }
        }
        try store.markRejected(dropped)
        let report = Report(accounts: accounts.count, lastCommittedBlock: last?.number ?? 0, requeued: pending.count - dropped.count, dropped: dropped)
        return (keeper, report)
    }
}
