import Algebra

/// A sealed block: its chain, header, transactions (padded with no-ops),
/// pubdata, published authority, commitment, and the witness of every
/// state change in order.
public struct SealedBlock: Equatable, Sendable {
    /// The chain it was sealed on: its id is the proof's fourth public input.
    public let chainID: ChainID
    public let number: UInt32
    public let type: BlockType
    public let oldRoot: Fr
    public let newRoot: Fr
    public let totalFee: UInt128
    /// The block's slots in order; no-ops pad it to capacity.
    public let transactions: [Transaction]
    /// For each slot, its account writes (none for a no-op).
    public let updates: [[AccountUpdate]]
    /// The fee account's credit at the end of the block (transfer and exit blocks).
    public let feeUpdate: AccountUpdate?
    public let pubdata: [UInt8]
    /// For each slot, what its authority published beside the pubdata
    /// (``TransactionKind/authorityBytes`` bytes a slot, zeros for padding):
    /// a deposit's bridge sequence and signature.
    public let authority: [UInt8]
    public let commitment: Fr
    /// Deposits get their account ids when sealed; this lists them in slot order.
    public let assignedAccounts: [AccountID?]

    /// The public inputs of the block's proof: old root, new root, commitment, chain id.
    public var publicInputs: [Fr] { BlockCommitment.publicInputs(oldRoot: oldRoot, newRoot: newRoot, commitment: commitment, chainID: chainID) }

    /// A block as sealed, or as read back from storage.
    public init(
        chainID: ChainID, number: UInt32, type: BlockType, oldRoot: Fr, newRoot: Fr, totalFee: UInt128, transactions: [Transaction],
        updates: [[AccountUpdate]], feeUpdate: AccountUpdate?, pubdata: [UInt8], authority: [UInt8], commitment: Fr, assignedAccounts: [AccountID?]
    ) {
        self.chainID = chainID
        self.number = number
        self.type = type
        self.oldRoot = oldRoot
        self.newRoot = newRoot
        self.totalFee = totalFee
        self.transactions = transactions
        self.updates = updates
        self.feeUpdate = feeUpdate
        self.pubdata = pubdata
        self.authority = authority
        self.commitment = commitment
        self.assignedAccounts = assignedAccounts
    }
}

extension SealedBlock {
    /// The published authority of a block of `type` holding `transactions`
    /// (``SealedBlock/authority``).
    public static func authority(of transactions: [Transaction], type: BlockType) -> [UInt8] {
        let size = TransactionKinds.kind(of: type).authorityBytes
        return transactions.flatMap { $0.kind?.publishedAuthority ?? [UInt8](repeating: 0, count: size) }
    }
}
