import RollupTypes

/// Transfers: signed by the sender, nonce equal to the sender's, amount
/// above 0, sender ≠ recipient, recipient exists, balance ≥ amount + fee.
enum TransferHandler: TransactionHandler {
    typealias Kind = Transfer

    static func effects(of transfer: Transfer, on view: StateView) throws(TransactionRejection) -> (writes: [(AccountID, Account)], fee: UInt128) {
        guard transfer.from != transfer.to else { throw .selfTransfer }
        let amount = transfer.amount.value
        guard amount > 0 else { throw .zeroAmount }
        var sender = try existing(transfer.from, in: view)
        var recipient = try existing(transfer.to, in: view)
        guard transfer.nonce == sender.nonce else { throw .nonceMismatch(expected: sender.nonce, got: transfer.nonce) }
        guard sender.nonce < .max else { throw .nonceExhausted }
        try checkAuthority(transfer, owner: sender, in: view)
        let fee = transfer.fee.value
        sender.balance = try debit(sender, amount: amount, fee: fee)
        sender.nonce += 1
        recipient.balance = try credit(recipient, transfer.to, amount: amount)
        return ([(transfer.from, sender), (transfer.to, recipient)], fee)
    }
}

extension Transfer: HandledKind {
    typealias Handler = TransferHandler
}
