import RollupTypes

/// Deposits, signed by the bridge for this chain: a new account takes the
/// next free id (never ``AccountID/newAccount``, 2^24 − 1, which stands
/// for "new" in the terms); an existing one must have the deposit's key.
/// That a bridge sequence is spent once is the keeper's check at admission.
public enum DepositHandler: TransactionHandler {
    public typealias Kind = Deposit

    public static func effects(of deposit: Deposit, on view: StateView) throws(TransactionRejection) -> (writes: [(AccountID, Account)], fee: UInt128) {
        try checkAuthority(deposit, owner: nil, in: view)
        guard deposit.amount > 0 else { throw .zeroAmount }
        if let id = deposit.account {
            let account = try existing(id, in: view)
            guard account.publicKey == deposit.publicKey else { throw .publicKeyMismatch(id) }
            return ([(id, try applying(id) { () throws(AccountRuleBreach) in try account.credited(deposit.amount) })], 0)
        }
        guard UInt64(view.nextAccount) < view.sealed.capacity, view.nextAccount < AccountID.newAccount.value,
              let id = try? AccountID(Int(view.nextAccount))
        else { throw .treeFull }
        return ([(id, Account(publicKey: deposit.publicKey, balance: deposit.amount))], 0)
    }
}

extension Deposit: HandledKind {
    public typealias Handler = DepositHandler
}
