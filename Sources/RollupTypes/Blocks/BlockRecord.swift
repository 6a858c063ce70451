import Algebra

/// A block's header, pubdata and published authority as someone states
/// them: an upstream's page (a follower, a restore) or the node's own
/// database, which other machines can write (the committer). Nothing in it
/// is believed until BlockVerification's `BlockCheck` has checked it.
public struct BlockRecord: Sendable, Equatable {
    public let number: UInt32
    public let type: BlockType
    public let oldRoot: Fr
    public let newRoot: Fr
    public let totalFee: UInt128
    public let pubdata: [UInt8]
    /// What the block's authority published beside the pubdata (``SealedBlock/authority``).
    public let authority: [UInt8]
    /// The commitment as stated; `BlockCheck` recomputes it.
    public let commitment: Fr

    public init(number: UInt32, type: BlockType, oldRoot: Fr, newRoot: Fr, totalFee: UInt128, pubdata: [UInt8], authority: [UInt8], commitment: Fr) {
        self.number = number
        self.type = type
        self.oldRoot = oldRoot
        self.newRoot = newRoot
        self.totalFee = totalFee
        self.pubdata = pubdata
        self.authority = authority
        self.commitment = commitment
    }

    /// The header, pubdata and authority of a sealed block.
    public init(_ block: SealedBlock) {
        self.init(
            number: block.number, type: block.type, oldRoot: block.oldRoot, newRoot: block.newRoot, totalFee: block.totalFee,
            pubdata: block.pubdata, authority: block.authority, commitment: block.commitment)
    }
}
