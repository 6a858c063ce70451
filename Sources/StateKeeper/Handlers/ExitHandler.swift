import RollupTypes

/// Exits: signed by the owner, nonce equal to the account's, amount above 0,
/// balance ≥ amount + fee. Partial or full.
enum ExitHandler: TransactionHandler {
    typealias Kind = Exit

    static func effects(of exit: Exit, on view: StateView) throws(TransactionRejection) -> (writes: [(AccountID, Account)], fee: UInt128) {
        guard exit.amount > 0 else { throw .zeroAmount }
        var account = try existing(exit.account, in: view)
        guard exit.nonce == account.nonce else { throw .nonceMismatch(expected: account.nonce, got: exit.nonce) }
        guard account.nonce < .max else { throw .nonceExhausted }
        try checkAuthority(exit, owner: account, in: view)
        let fee = exit.fee.value
        account.balance = try debit(account, amount: exit.amount, fee: fee)
        account.nonce += 1
        return ([(exit.account, account)], fee)
    }
}

extension Exit: HandledKind {
    typealias Handler = ExitHandler
}
