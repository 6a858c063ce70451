import RollupTypes
import StateKeeper

/// A tip's rules in the state keeper: signed by the owner, nonce equal to
/// the account's, fee above 0 and within the balance.
enum TipHandler: TransactionHandler {
    typealias Kind = Tip

    static func effects(of tip: Tip, on view: StateView) throws(TransactionRejection) -> (writes: [(AccountID, Account)], fee: UInt128) {
        let fee = tip.fee.value
        guard fee > 0 else { throw .zeroAmount }
        let account = try existing(tip.account, in: view)
        guard tip.nonce == account.nonce else { throw .nonceMismatch(expected: account.nonce, got: tip.nonce) }
        let advanced = try applying(tip.account) { () throws(AccountRuleBreach) in try account.withNextNonce() }
        try checkAuthority(tip, owner: account, in: view)
        let paid = try applying(tip.account) { () throws(AccountRuleBreach) in try advanced.debited(amount: 0, fee: fee) }
        return ([(tip.account, paid)], fee)
    }
}

extension Tip: HandledKind {
    typealias Handler = TipHandler
}
