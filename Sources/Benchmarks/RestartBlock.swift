import Algebra
import BlockVerification
import RollupTypes
import Storage

/// The one verified block a restart benchmark's database holds: a deposit
/// block of padding slots from genesis to `newRoot` (the benchmark's
/// accounts), with the checkpoint an earlier audit of it left, so that the
/// restart audits it as a node or follower that verified it before would
/// (its header hashed, no proof verified).
enum RestartBlock {
    static func record(_ chain: ChainConfiguration, newRoot: Fr) -> BlockRecord {
        let slots = chain.parameters.slots(.deposit)
        let padding = [UInt8](repeating: 0, count: slots * Deposit.pubdataBytes)
        return BlockRecord(
            number: 1, type: .deposit, oldRoot: chain.parameters.genesisRoot(operatorKey: chain.operatorKey), newRoot: newRoot, totalFee: 0,
            pubdata: padding, authority: [UInt8](repeating: 0, count: slots * Deposit.authorityBytes),
            commitment: BlockCommitment.compute(blockNumber: 1, totalFee: 0, pubdata: padding))
    }

    /// Writes the checkpoint of an audit through `record` into `directory`.
    static func writeCheckpoint(_ chain: ChainConfiguration, _ record: BlockRecord, in directory: String) throws {
        try AuditCheckpoint.genesis(chain).advanced(by: record).write(to: directory + "/" + VerifiedState.checkpointFileName)
    }

    /// Stores the block as a follower stores what it verified, `writes`
    /// its accounts (their tree's root `newRoot`), and writes the checkpoint
    /// into `directory`.
    static func store(
        in store: any NodeStore, _ chain: ChainConfiguration, writes: [(AccountID, Account)], newRoot: Fr, checkpointIn directory: String
    ) throws {
        let block = record(chain, newRoot: newRoot)
        try store.appendFollowed([FollowedBlock(
            number: 1, type: .deposit, slotCount: chain.parameters.slots(.deposit), oldRoot: block.oldRoot, newRoot: newRoot, totalFee: 0,
            pubdata: block.pubdata, authority: block.authority, spentSequences: [], commitment: block.commitment, committedAt: 0, proof: "{}",
            writes: writes)])
        try writeCheckpoint(chain, block, in: directory)
    }
}
