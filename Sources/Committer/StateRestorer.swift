import Algebra
import BlockVerification
import RollupTypes
import StateKeeper
import Storage

/// Starts the state keeper from storage, believing no more of it than it
/// can check: the verified chain audited (``VerifiedState/start(from:committedThrough:)``),
/// the committed state rebuilt into a tree and checked against the last
/// committed block's root, the block numbering continued, the spent
/// bridge sequences taken from the blocks' published authority, and
/// pending transactions re-queued in arrival order, each checked again as
/// on submission (signatures and bridge signatures included: the pending
/// rows are only as trustworthy as whoever can write the database). A
/// pending row whose body does not decode, or hashes to another id, is
/// dropped.
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
        try committer.verifiedState.start(from: tree, committedThrough: last?.number ?? 0)
        let spent = try committer.verifiedState.spentSequences().union(try committedSequences(store, chain: configuration.chainConfiguration))
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

    /// The bridge sequences that committed blocks not yet verified spend,
    /// as their published authority says (the committer checks their
    /// signatures before it verifies them).
    private static func committedSequences(_ store: RollupStore, chain: ChainConfiguration) throws -> Set<UInt64> {
        var sequences = Set<UInt64>()
        var next = try store.lastVerifiedBlock() + 1
        while true {
            let page = try store.blocks(from: next, limit: 256)
            for block in page {
                let published = try? PubdataReplay.publishedSequences(
                    type: block.type, pubdata: block.pubdata, authority: block.authority, slots: chain.parameters.slots(block.type), domain: nil)
                sequences.formUnion(published ?? [])
            }
            guard let last = page.last, page.count == 256 else { return sequences }
            next = last.number + 1
        }
    }
}
