import Primitives
import RollupTypes

/// A deposit's slot: account(3) ‖ amount(16) ‖ packed public key(32), and
/// its authority: the bridge's sequence(8) ‖ signature(64). An empty slot
/// becomes a new account with the key (its terms said "new account"); an
/// existing account must have the key (its terms named it), and is
/// credited. The bridge's signature must sign those terms on this chain,
/// and the sequence must be unspent.
extension Deposit: ReplayedKind {
    static func replay(_ slot: inout ByteReader, authority: [UInt8], on state: ReplayState) throws(ReplayFailure) -> SlotEffects {
        let id = try ReplayFailure.field { try slot.accountID() }
        let amount = slot.integer(16)
        let packed = slot.bytes(32)
        let key = try ReplayFailure.field { try EdDSAPublicKey(packed: packed) }
        var published = ByteReader(authority)
        let sequence = UInt64(published.integer(8))
        let signature = published.bytes(64)
        guard amount > 0 else { throw .zeroAmount }
        guard id != .newAccount else { throw .reservedAccount }
        let existing = state.account(id)
        let deposit = Deposit(account: existing == nil ? nil : id, publicKey: key, amount: amount, bridgeSequence: sequence, bridgeSignature: signature)
        guard deposit.isAuthorized(owner: nil, in: state.domain) else { throw .badBridgeSignature(sequence: sequence) }
        guard !state.spent(sequence) else { throw .sequenceSpent(sequence) }
        guard var account = existing else { return SlotEffects(writes: [(id, Account(publicKey: key, balance: amount))], spentSequence: sequence) }
        guard account.publicKey == key else { throw .keyMismatch(id) }
        account.balance = try state.credit(id, account, amount: amount)
        return SlotEffects(writes: [(id, account)], spentSequence: sequence)
    }
}
