import Primitives
import RollupTypes

/// A deposit's slot: account(3) ‖ amount(16) ‖ packed public key(32). An
/// empty slot becomes a new account with the key; an existing account
/// must have the key, and is credited.
extension Deposit: ReplayedKind {
    static func replay(_ slot: inout ByteReader, on state: ReplayState) throws(ReplayFailure) -> (writes: [(AccountID, Account)], fee: UInt128) {
        let id = try ReplayFailure.field { try slot.accountID() }
        let amount = slot.integer(16)
        let packed = slot.bytes(32)
        let key = try ReplayFailure.field { try EdDSAPublicKey(packed: packed) }
        guard amount > 0 else { throw .zeroAmount }
        guard var account = state.account(id) else { return ([(id, Account(publicKey: key, balance: amount))], 0) }
        guard account.publicKey == key else { throw .keyMismatch(id) }
        account.balance = try state.credit(id, account, amount: amount)
        return ([(id, account)], 0)
    }
}
