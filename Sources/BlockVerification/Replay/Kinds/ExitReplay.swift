import RollupTypes

/// An exit's slot: account(3) ‖ amount(16) ‖ fee(2) ‖ L1 address(20). The
/// account pays amount and fee and its nonce moves on.
extension Exit: ReplayedKind {
    public static func replay(_ slot: inout ByteReader, authority: [UInt8], on state: ReplayState) throws(ReplayFailure) -> SlotEffects {
        let id = try ReplayFailure.field { try slot.accountID() }
        let amount = slot.integer(16)
        let feeBits = UInt64(slot.integer(2))
        let fee = try ReplayFailure.field { try PackedFee(bits: feeBits) }.value
        guard amount > 0 else { throw .zeroAmount }
        let account = try state.existing(id)
        let paid = try state.applying(id) { () throws(AccountRuleBreach) in try account.debited(amount: amount, fee: fee).withNextNonce() }
        return SlotEffects(writes: [(id, paid)], fee: fee)
    }
}
