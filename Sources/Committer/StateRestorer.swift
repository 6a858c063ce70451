import Algebra
import BlockVerification
import RollupTypes
import StateKeeper
import Storage

/// Starts the state keeper from storage, believing no more of it than it
/// can check: the verified chain audited (``VerifiedState/start(from:committedThrough:)``),
/// the committed state rebuilt into a tree and checked against the last
/// committed block's root, the committed blocks after the verified ones
/// replayed on the verified state (``CommittedReplay``: their types,
/// pubdata, bridge signatures and roots must hold and reach that root),
/// the block numbering continued, the spent bridge sequences taken from
/// the replay, and
/// pending transactions re-queued in arrival order, each checked again as
/// on submission (signatures and bridge signatures included: the pending
/// rows are only as trustworthy as whoever can write the database). A
/// pending row whose body does not decode, or hashes to another id, is
/// dropped.
public enum StateRestorer {
    /// Why the node refuses to start.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case rootMismatch(block: UInt32, stored: String, rebuilt: String)
        /// A committed, unverified block does not replay on the verified state.
        case committedBlock(UInt32, BlockRefusal)
        /// The database has no block where a committed one belongs.
        case missingCommittedBlock(UInt32)

        public var description: String {
            switch self {
            case .committedBlock(let number, let refusal):
                return "committed block \(number) in the database does not hold: \(refusal); "
                    + "the database was changed after the block was sealed; refusing to start"
            case .missingCommittedBlock(let number):
                return "the database has no block \(number), though it committed blocks after it; refusing to start"
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
        try committer.verifiedState.start(from: tree, committedThrough: last?.number ?? 0)
        let spent = try replayCommitted(store, through: last?.number ?? 0, on: try committer.verifiedState.committedReplay()).spentSequences
        let keeper = try RollupStateKeeper(
            configuration: configuration, tree: tree, nextBlockNumber: (last?.number ?? 0) + 1, spentSequences: spent)
        await keeper.setBlockSink { try committer.record($0) }
        var dropped = [(hash: String, reason: String)]()
        let pending = try store.pendingRows()
        for row in pending {
            let transaction: Transaction
            do { transaction = try row.transaction() } catch {
                dropped.append((row.hash, error.description))
                continue
            }
            do { _ = try await keeper.submit(transaction) } catch { dropped.append((row.hash, error.description)) }
        }
        try store.markRejected(dropped)
        let report = Report(accounts: accounts.count, lastCommittedBlock: last?.number ?? 0, requeued: pending.count - dropped.count, dropped: dropped)
        return (keeper, report)
    }

    /// `replay` (the verified state) after replaying the committed blocks
    /// through `last` on it, page by page. The last one's new root is the
    /// committed tree's, checked before.
    private static func replayCommitted(_ store: RollupStore, through last: UInt32, on replay: CommittedReplay) throws -> CommittedReplay {
        var replay = replay
        while replay.block < last {
            let page = try store.blocks(from: replay.block + 1, limit: min(256, Int(last - replay.block)))
            guard !page.isEmpty else { throw Failure.missingCommittedBlock(replay.block + 1) }
            for stored in page where stored.number <= last {
                let number = replay.block + 1
                guard stored.number == number else { throw Failure.missingCommittedBlock(number) }
                do { try replay.apply(stored.record) } catch { throw Failure.committedBlock(number, error) }
            }
        }
        return replay
    }
}
