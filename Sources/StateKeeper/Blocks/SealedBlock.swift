import Algebra
import RollupTypes

/// The kinds of block; each has its own circuit.
public enum BlockType: String, Sendable, CaseIterable {
    case transfer, deposit, exit
}

/// One leaf write with what a circuit needs to check it: the siblings (the
/// same before and after, since only this leaf changes) and both leaves.
public struct AccountUpdate: Sendable {
    public let account: AccountID
    public let before: Account?
    public let after: Account
    public let path: MerklePath
    /// Root before and after this write.
    public let rootBefore: Fr
    public let rootAfter: Fr
}

/// A sealed block: header, transactions (padded with no-ops), pubdata,
/// commitment, and the witness of every state change in order.
public struct SealedBlock: Sendable {
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
}
