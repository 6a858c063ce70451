import RollupTypes

/// Accounts as a handler sees them: the sealed accounts, or those with
/// pending transactions applied on top (what the API validates against).
///
/// A view is short-lived: it shares the sealed accounts' storage, and a
/// view kept alive across a write would force a copy of the dictionary.
public struct StateView: Sendable {
    var overrides: [AccountID: Account]
    let sealed: SealedAccounts
    /// The id the next new account gets.
    var nextAccount: UInt32
    /// What signatures are checked against.
    public let domain: SigningDomain

    init(sealed: SealedAccounts, overrides: [AccountID: Account] = [:], nextAccount: UInt32, domain: SigningDomain) {
        self.sealed = sealed
        self.overrides = overrides
        self.nextAccount = nextAccount
        self.domain = domain
    }

    public func account(_ id: AccountID) -> Account? { overrides[id] ?? sealed.account(id) }

    mutating func set(_ id: AccountID, _ account: Account) { overrides[id] = account }
}
