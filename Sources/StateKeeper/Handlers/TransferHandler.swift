import RollupTypes

/// Transfers: signed by the sender, nonce equal to the sender's, amount
/// above 0, sender ≠ recipient, recipient exists, balance ≥ amount + fee.
public enum TransferHandler: TransactionHandler {
    public typealias Kind = Transfer

    public static func effects(of transfer: Transfer, on view: StateView) throws(TransactionRejection) -> (writes: [(AccountID, Account)], fee: UInt128) {
        guard transfer.from != transfer.to else { throw .selfTransfer }
        let amount = transfer.amount.value
        guard amount > 0 else { throw .zeroAmount }
        let sender = try existing(transfer.from, in: view)
        let recipient = try existing(transfer.to, in: view)
        guard transfer.nonce == sender.nonce else { throw .nonceMismatch(expected: sender.nonce, got: transfer.nonce) }
        let advanced = try applying(transfer.from) { () throws(AccountRuleBreach) in try sender.withNextNonce() }
        try checkAuthority(transfer, owner: sender, in: view)
        let fee = transfer.fee.value
        let paid = try applying(transfer.from) { () throws(AccountRuleBreach) in try advanced.debited(amount: amount, fee: fee) }
        let credited = try applying(transfer.to) { () throws(AccountRuleBreach) in try recipient.credited(amount) }
        return ([(transfer.from, paid), (transfer.to, credited)], fee)
    }
}

extension Transfer: HandledKind {
    public typealias Handler = TransferHandler
}
