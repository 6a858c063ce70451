import RollupTypes

/// Deposits (vouched for by the bridge, so unsigned here): a new account
/// takes the next free id; an existing one must have the deposit's key.
enum DepositHandler: TransactionHandler {
    typealias Kind = Deposit

    static func effects(of deposit: Deposit, on view: StateView) throws(TransactionRejection) -> (writes: [(AccountID, Account)], fee: UInt128) {
        guard deposit.amount > 0 else { throw .zeroAmount }
        if let id = deposit.account {
            var account = try existing(id, in: view)
            guard account.publicKey == deposit.publicKey else { throw .publicKeyMismatch(id) }
            account.balance = try credit(account, id, amount: deposit.amount)
            return ([(id, account)], 0)
        }
        guard UInt64(view.nextAccount) < view.sealed.capacity, let id = try? AccountID(Int(view.nextAccount)) else { throw .treeFull }
        return ([(id, Account(publicKey: deposit.publicKey, balance: deposit.amount))], 0)
    }
}

extension Deposit: HandledKind {
    typealias Handler = DepositHandler
}
