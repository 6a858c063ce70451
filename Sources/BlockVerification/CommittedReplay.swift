import Algebra
import RollupTypes

/// The committed blocks after the last verified one, replayed at start
/// on a copy of the verified state before the node believes them: whoever
/// can write the database could otherwise have rewritten an unproved block
/// (its type, its pubdata, its roots) together with the committed
/// accounts, and the state keeper would seal on top of it. Each block must
/// pass ``BlockCheck/publicInputs(of:chain:)``, follow the previous
/// block's new root, replay by its kind's rules (bridge signatures and
/// sequences included) and reach the new root it states.
public struct CommittedReplay: Sendable {
    private var tree: AccountTree
    /// The last block replayed (the last verified one before any).
    public private(set) var block: UInt32
    /// Every bridge sequence spent, by verified blocks and those replayed.
    public private(set) var spentSequences: Set<UInt64>
    private let chain: ChainConfiguration

    /// The root reached.
    public var root: Fr { tree.root }

    init(verified tree: AccountTree, block: UInt32, spentSequences: Set<UInt64>, chain: ChainConfiguration) {
        self.tree = tree
        self.block = block
        self.spentSequences = spentSequences
        self.chain = chain
    }

    /// Replays `record`, which must be the block after the last one replayed.
    public mutating func apply(_ record: BlockRecord) throws(BlockRefusal) {
        guard record.number == block + 1 else {
            throw .malformed(field: "number", detail: "the database holds block \(record.number) where block \(block + 1) belongs")
        }
        _ = try BlockCheck.publicInputs(of: record, chain: chain)
        let checked = try replayed(record)
        do {
            for (id, account) in checked.writes { _ = try tree.witnessedWrite(id, account) }
        } catch {
            throw .malformed(field: "pubdata", detail: "\(error)")
        }
        tree.rehash()
        guard tree.root == record.newRoot else {
            throw .newRoot(stated: record.newRoot.decimalString, replayed: tree.root.decimalString)
        }
        spentSequences.formUnion(checked.spentSequences)
        block = record.number
    }

    /// What replaying `record` on the state writes. The closures' copies of
    /// the tree end with this call, so the writes after it change the tree
    /// in place instead of copying it once per block.
    private func replayed(_ record: BlockRecord) throws(BlockRefusal) -> CheckedBlock {
        let (tree, spent) = (tree, spentSequences)
        return try BlockCheck.replay(record, chain: chain, after: tree.root, accounts: { tree.account($0) }, isSpent: { spent.contains($0) })
    }
}
