import Algebra
import RollupTypes

/// A block that a follower (or a restore) took from an upstream node and
/// verified itself: its header as published, its proof, and the account
/// writes its pubdata made, in order. It keeps no transactions (pubdata
/// carries no signatures or nonces) and no Merkle paths: it is stored
/// verified, its writes applied to the verified accounts at once.
public struct FollowedBlock: Sendable {
    public let number: UInt32
    public let type: BlockType
    public let slotCount: Int
    public let oldRoot: Fr
    public let newRoot: Fr
    public let totalFee: UInt128
    public let pubdata: [UInt8]
    /// What its authority published (``SealedBlock/authority``).
    public let authority: [UInt8]
    /// The bridge sequences its deposits spent.
    public let spentSequences: [UInt64]
    public let commitment: Fr
    /// When the upstream committed it (Unix milliseconds).
    public let committedAt: Int64
    /// The proof, snarkjs JSON.
    public let proof: String
    public let writes: [(AccountID, Account)]

    public init(
        number: UInt32, type: BlockType, slotCount: Int, oldRoot: Fr, newRoot: Fr, totalFee: UInt128, pubdata: [UInt8], authority: [UInt8],
        spentSequences: [UInt64], commitment: Fr, committedAt: Int64, proof: String, writes: [(AccountID, Account)]
    ) {
        self.number = number
        self.type = type
        self.slotCount = slotCount
        self.oldRoot = oldRoot
        self.newRoot = newRoot
        self.totalFee = totalFee
        self.pubdata = pubdata
        self.authority = authority
        self.spentSequences = spentSequences
        self.commitment = commitment
        self.committedAt = committedAt
        self.proof = proof
        self.writes = writes
    }
}
