import Algebra
import Primitives
import RollupTypes

/// The rules of one transaction type: how it is checked and what it writes.
/// The state keeper runs every type through this one protocol (one handler
/// per type), and the circuits mirror each handler with a witness builder.
protocol TransactionHandler {
    associatedtype Payload

    /// The account writes `payload` makes on `view`, in order, or the reason
    /// it is refused. The fee is returned separately: it is credited to the
    /// fee account once per block.
    static func effects(of payload: Payload, on view: StateView) throws(TransactionRejection) -> (writes: [(AccountID, Account)], fee: UInt128)
}

/// Whether handlers check signatures. A transaction's signature is checked
/// when it is submitted; when its block is sealed only balances and nonces
/// are checked again, since an account's key never changes.
struct SignaturePolicy {
    /// Set only while sealing already-accepted transactions.
    @TaskLocal static var skipSignatures = false
}

extension TransactionHandler {
    /// The account at `id`, or a rejection.
    static func existing(_ id: AccountID, in view: StateView) throws(TransactionRejection) -> Account {
        guard let account = view.account(id) else { throw .unknownAccount(id) }
        return account
    }

    /// Checks a signature on `message` by `account`'s key.
    static func checkSignature(_ signature: EdDSASignature?, message: @autoclosure () -> Algebra.Fr, by account: Account) throws(TransactionRejection) {
        guard let signature else { throw .missingSignature }
        if SignaturePolicy.skipSignatures { return }
        guard EdDSAVerifier.verify(message(), signature: signature, key: account.publicKey) else { throw .badSignature }
    }

    /// balance − (amount + fee), or a rejection.
    static func debit(_ account: Account, amount: UInt128, fee: UInt128) throws(TransactionRejection) -> UInt128 {
        let (needed, overflow) = amount.addingReportingOverflow(fee)
        guard !overflow, account.balance >= needed else {
            throw .insufficientBalance(needed: overflow ? .max : needed, available: account.balance)
        }
        return account.balance - needed
    }

    /// balance + amount, or a rejection.
    static func credit(_ account: Account, _ id: AccountID, amount: UInt128) throws(TransactionRejection) -> UInt128 {
        let (sum, overflow) = account.balance.addingReportingOverflow(amount)
        guard !overflow else { throw .balanceOverflow(id) }
        return sum
    }
}

