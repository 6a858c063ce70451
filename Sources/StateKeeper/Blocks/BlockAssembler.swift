import Algebra
import RollupTypes

/// Owns the account tree and turns prepared blocks into sealed ones: each
/// write applied in order with its path (the circuit's witness), then the
/// new root and the commitment. This is where sealing spends its time: up
/// to 13 Poseidon hashes per write, fewer where a block's writes share
/// nodes, since the tree rehashes each stale node once.
public struct BlockAssembler: Sendable {
    public private(set) var tree: AccountTree
    /// The chain the blocks are sealed on.
    let chainID: ChainID

    init(tree: AccountTree, chainID: ChainID) {
        self.tree = tree
        self.chainID = chainID
    }

    mutating func assemble(_ block: PreparedBlock) -> SealedBlock {
        let oldRoot = tree.root
        let updates = block.writes.map { writes in writes.map { write($0.0, $0.1) } }
        let feeUpdate = block.feeWrite.map { write($0.0, $0.1) }
        tree.rehash()
        let newRoot = tree.root
        return SealedBlock(
            chainID: chainID, number: block.number, type: block.type, oldRoot: oldRoot, newRoot: newRoot, totalFee: block.totalFee,
            transactions: block.transactions, updates: updates, feeUpdate: feeUpdate, pubdata: block.pubdata, authority: block.authority,
            commitment: BlockCommitment.compute(blockNumber: block.number, totalFee: block.totalFee, pubdata: block.pubdata),
            assignedAccounts: block.assignedAccounts)
    }

    private mutating func write(_ id: AccountID, _ account: Account) -> AccountUpdate {
        let before = tree.account(id)
        let path = try! tree.witnessedWrite(id, account)  // ids come from handlers, which respect the capacity
        return AccountUpdate(account: id, before: before, after: account, path: path)
    }
}
