import Algebra

/// A sealed block: header, transactions (padded with no-ops), pubdata,
/// commitment, and the witness of every state change in order.
public struct SealedBlock: Equatable, Sendable {
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
    public let commitment: Fr
    /// Deposits get their account ids when sealed; this lists them in slot order.
    public let assignedAccounts: [AccountID?]

    /// The public inputs of the block's proof: old root, new root, commitment.
    public var publicInputs: [Fr] { BlockCommitment.publicInputs(oldRoot: oldRoot, newRoot: newRoot, commitment: commitment) }

    /// A block as sealed, or as read back from storage.
    public init(
        number: UInt32, type: BlockType, oldRoot: Fr, newRoot: Fr, totalFee: UInt128, transactions: [Transaction],
        updates: [[AccountUpdate]], feeUpdate: AccountUpdate?, pubdata: [UInt8], commitment: Fr, assignedAccounts: [AccountID?]
    ) {
        self.number = number
        self.type = type
        self.oldRoot = oldRoot
        self.newRoot = newRoot
        self.totalFee = totalFee
        self.transactions = transactions
        self.updates = updates
        self.feeUpdate = feeUpdate
        self.pubdata = pubdata
        self.commitment = commitment
        self.assignedAccounts = assignedAccounts
    }
}
