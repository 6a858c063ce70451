import Algebra
import Primitives
import RollupTypes

/// The rules of one transaction kind: how it is checked and what it writes.
/// The state keeper runs every kind through this one protocol (one handler
/// per kind), and the circuits mirror each handler with a block slot.
public protocol TransactionHandler {
    associatedtype Kind: TransactionKind

    /// The account writes `transaction` makes on `view`, in order, or the
    /// reason it is refused. The fee is returned separately: it is credited
    /// to the fee account once per block.
    static func effects(of transaction: Kind, on view: StateView) throws(TransactionRejection) -> (writes: [(AccountID, Account)], fee: UInt128)
}

/// A transaction kind with a state keeper handler: the kind names it, in the
/// handler's own file (`extension Transfer: HandledKind`), so the keeper
/// finds it through ``TransactionKinds``.
public protocol HandledKind: TransactionKind {
    associatedtype Handler: TransactionHandler where Handler.Kind == Self
}

extension Transaction {
    /// The account writes and fee of this transaction on `view`, by its
    /// kind's handler (a no-op writes nothing).
    func effects(on view: StateView) throws(TransactionRejection) -> (writes: [(AccountID, Account)], fee: UInt128) {
        guard let kind else { return ([], 0) }
        guard let handled = kind as? any HandledKind else {
            preconditionFailure("the \(type(of: kind).name) kind has no handler: declare `extension Kind: HandledKind` in its handler's file")
        }
        return try Self.effects(of: handled, on: view)
    }

    private static func effects<K: HandledKind>(of transaction: K, on view: StateView) throws(TransactionRejection) -> (writes: [(AccountID, Account)], fee: UInt128) {
        try K.Handler.effects(of: transaction, on: view)
    }
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
    public static func existing(_ id: AccountID, in view: StateView) throws(TransactionRejection) -> Account {
        guard let account = view.account(id) else { throw .unknownAccount(id) }
        return account
    }

    /// Checks that `transaction`'s authority vouched for it on the view's
    /// chain: its owner, whose account is `owner`, or the bridge.
    public static func checkAuthority(_ transaction: Kind, owner: Account?, in view: StateView) throws(TransactionRejection) {
        let bridge = Kind.authority == .bridge
        guard transaction.isSigned else { throw bridge ? .missingBridgeSignature : .missingSignature }
        if SignaturePolicy.skipSignatures { return }
        guard transaction.isAuthorized(owner: owner, in: view.domain) else { throw bridge ? .badBridgeSignature : .badSignature }
    }

    /// `rule` (``AccountRuleBreach``) applied to account `id`, its breach
    /// as the rejection a wallet is told.
    public static func applying(_ id: AccountID, _ rule: () throws(AccountRuleBreach) -> Account) throws(TransactionRejection) -> Account {
        do {
            return try rule()
        } catch {
            switch error {
            case .insufficientBalance(let needed, let available): throw .insufficientBalance(needed: needed, available: available)
            case .balanceOverflow: throw .balanceOverflow(id)
            case .nonceExhausted: throw .nonceExhausted
            }
        }
    }
}

