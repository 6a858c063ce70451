import BlockVerification
import RollupTypes

/// A tip's slot as a follower replays it: account(3) ‖ fee(2). The account
/// pays the fee and its nonce moves on.
extension Tip: ReplayedKind {
    static func replay(_ slot: inout ByteReader, authority: [UInt8], on state: ReplayState) throws(ReplayFailure) -> SlotEffects {
        let id = try ReplayFailure.field { try slot.accountID() }
        let feeBits = UInt64(slot.integer(2))
        let fee = try ReplayFailure.field { try PackedFee(bits: feeBits) }.value
        guard fee > 0 else { throw .zeroAmount }
        let account = try state.existing(id)
        let paid = try state.applying(id) { () throws(AccountRuleBreach) in try account.debited(amount: 0, fee: fee).withNextNonce() }
        return SlotEffects(writes: [(id, paid)], fee: fee)
    }
}
