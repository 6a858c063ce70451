import RollupTypes

/// A block decided but not yet hashed: its slots, each slot's account
/// writes in order, the fee credit, and its pubdata. The state keeper
/// prepares it against the sealed accounts; the ``BlockAssembler`` turns it
/// into a ``SealedBlock`` with Merkle witnesses and the commitment.
struct PreparedBlock: Sendable {
    let number: UInt32
    let type: BlockType
    /// The slots, padded with no-ops.
    let transactions: [Transaction]
    let writes: [[(AccountID, Account)]]
    /// The fee account's credit at the end (transfer and exit blocks).
    let feeWrite: (AccountID, Account)?
    let totalFee: UInt128
    let pubdata: [UInt8]
    let authority: [UInt8]
    let assignedAccounts: [AccountID?]
}
