import Algebra
import RollupTypes

/// The checks that make a block's published data believable, in one home
/// for the follower and the node's committer (docs/PROTOCOL.md, "Following
/// a chain"). In order: ``publicInputs(of:chain:)`` on the record alone,
/// then the proof against those inputs (the caller's, so that a follower
/// can batch a page's proofs), then ``replay(_:chain:on:)`` against the
/// verified state, and last ``VerifiedState/apply(_:)``, which checks the
/// new root.
public enum BlockCheck {
    /// What holds of the record alone: its pubdata and published authority
    /// have its type's lengths, and its number, fee and pubdata hash to its
    /// commitment. Returns the public inputs its proof must verify with:
    /// the stated roots (``replay(_:chain:on:)`` and
    /// ``VerifiedState/apply(_:)`` check them), the commitment, and the
    /// chain id.
    public static func publicInputs(of record: BlockRecord, chain: ChainConfiguration) throws(BlockRefusal) -> [Fr] {
        let kind = TransactionKinds.kind(of: record.type)
        let slots = chain.parameters.slots(record.type)
        guard record.pubdata.count == slots * kind.pubdataBytes else {
            throw .pubdataLength(expected: slots * kind.pubdataBytes, got: record.pubdata.count)
        }
        guard record.authority.count == slots * kind.authorityBytes else {
            throw .authorityLength(expected: slots * kind.authorityBytes, got: record.authority.count)
        }
        let commitment = BlockCommitment.compute(blockNumber: record.number, totalFee: record.totalFee, pubdata: record.pubdata)
        guard commitment == record.commitment else {
            throw .commitment(stated: record.commitment.decimalString, computed: commitment.decimalString)
        }
        return BlockCommitment.publicInputs(oldRoot: record.oldRoot, newRoot: record.newRoot, commitment: commitment, chainID: chain.chainID)
    }

    /// What holds of the record against `state`, the verified state it
    /// must follow: it starts from the verified root, and its pubdata and
    /// authority replay by each kind's rules (bridge signatures and
    /// sequences included) with the fee it states. Call after
    /// ``publicInputs(of:chain:)``, which checks the lengths.
    public static func replay(_ record: BlockRecord, chain: ChainConfiguration, on state: VerifiedState) throws -> CheckedBlock {
        let head = try state.head()
        return try replay(record, chain: chain, after: head.root, accounts: { id in (try? state.account(id)) ?? nil }, isSpent: { state.isSpent($0) })
    }

    /// As ``replay(_:chain:on:)``, on the state whose root is `root`,
    /// with its accounts and spent bridge sequences.
    static func replay(
        _ record: BlockRecord, chain: ChainConfiguration, after root: Fr, accounts: @escaping (AccountID) -> Account?, isSpent: @escaping (UInt64) -> Bool
    ) throws(BlockRefusal) -> CheckedBlock {
        guard record.oldRoot == root else {
            throw BlockRefusal.oldRootDoesNotFollow(stated: record.oldRoot.decimalString, verified: root.decimalString)
        }
        let slots = chain.parameters.slots(record.type)
        let replay: PubdataReplay
        do {
            replay = try PubdataReplay(
                type: record.type, pubdata: record.pubdata, authority: record.authority, slots: slots, domain: chain.signingDomain,
                verified: accounts, isSpent: isSpent)
        } catch {
            let detail = error.failure.description
            throw error.slot == slots ? BlockRefusal.feeCredit(detail) : BlockRefusal.slot(error.slot, detail)
        }
        guard replay.totalFee == record.totalFee else {
            throw BlockRefusal.totalFee(stated: String(record.totalFee), computed: String(replay.totalFee))
        }
        return CheckedBlock(record: record, writes: replay.writes, spentSequences: replay.spentSequences)
    }
}

/// A block whose published data checked out against the verified state:
/// the writes and spent sequences its replay found, which
/// ``VerifiedState/apply(_:)`` takes once its proof verified.
public struct CheckedBlock: Sendable {
    public let record: BlockRecord
    /// The account writes, in order (a later write of an account wins).
    public let writes: [(AccountID, Account)]
    public let spentSequences: [UInt64]
}
