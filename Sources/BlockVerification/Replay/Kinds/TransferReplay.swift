import RollupTypes

/// A transfer's slot: from(3) ‖ to(3) ‖ amount(5) ‖ fee(2). The sender pays
/// amount and fee and its nonce moves on; the recipient is credited.
extension Transfer: ReplayedKind {
    static func replay(_ slot: inout ByteReader, authority: [UInt8], on state: ReplayState) throws(ReplayFailure) -> SlotEffects {
        let from = try ReplayFailure.field { try slot.accountID() }
        let to = try ReplayFailure.field { try slot.accountID() }
        let amountBits = UInt64(slot.integer(5)), feeBits = UInt64(slot.integer(2))
        let amount = try ReplayFailure.field { try PackedAmount(bits: amountBits) }.value
        let fee = try ReplayFailure.field { try PackedFee(bits: feeBits) }.value
        guard from != to else { throw .selfTransfer }
        guard amount > 0 else { throw .zeroAmount }
        var sender = try state.existing(from)
        var recipient = try state.existing(to)
        sender.balance = try state.debit(from, sender, amount: amount, fee: fee)
        sender.nonce = try state.nextNonce(from, sender)
        recipient.balance = try state.credit(to, recipient, amount: amount)
        return SlotEffects(writes: [(from, sender), (to, recipient)], fee: fee)
    }
}
