import RollupTypes

/// A transfer's slot: from(3) ‖ to(3) ‖ amount(5) ‖ fee(2). The sender pays
/// amount and fee and its nonce moves on; the recipient is credited.
extension Transfer: ReplayedKind {
    public static func replay(_ slot: inout ByteReader, authority: [UInt8], on state: ReplayState) throws(ReplayFailure) -> SlotEffects {
        let from = try ReplayFailure.field { try slot.accountID() }
        let to = try ReplayFailure.field { try slot.accountID() }
        let amountBits = UInt64(slot.integer(5)), feeBits = UInt64(slot.integer(2))
        let amount = try ReplayFailure.field { try PackedAmount(bits: amountBits) }.value
        let fee = try ReplayFailure.field { try PackedFee(bits: feeBits) }.value
        guard from != to else { throw .selfTransfer }
        guard amount > 0 else { throw .zeroAmount }
        let sender = try state.existing(from)
        let recipient = try state.existing(to)
        let paid = try state.applying(from) { () throws(AccountRuleBreach) in try sender.debited(amount: amount, fee: fee).withNextNonce() }
        let credited = try state.applying(to) { () throws(AccountRuleBreach) in try recipient.credited(amount) }
        return SlotEffects(writes: [(from, paid), (to, credited)], fee: fee)
    }
}
