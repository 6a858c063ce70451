import RollupTypes

/// Exits: signed by the owner, nonce equal to the account's, amount above 0,
/// balance ≥ amount + fee. Partial or full.
public enum ExitHandler: TransactionHandler {
    public typealias Kind = Exit

    public static func effects(of exit: Exit, on view: StateView) throws(TransactionRejection) -> (writes: [(AccountID, Account)], fee: UInt128) {
        guard exit.amount > 0 else { throw .zeroAmount }
        let account = try existing(exit.account, in: view)
        guard exit.nonce == account.nonce else { throw .nonceMismatch(expected: account.nonce, got: exit.nonce) }
        let advanced = try applying(exit.account) { () throws(AccountRuleBreach) in try account.withNextNonce() }
        try checkAuthority(exit, owner: account, in: view)
        let fee = exit.fee.value
        let paid = try applying(exit.account) { () throws(AccountRuleBreach) in try advanced.debited(amount: exit.amount, fee: fee) }
        return ([(exit.account, paid)], fee)
    }
}

extension Exit: HandledKind {
    public typealias Handler = ExitHandler
}
