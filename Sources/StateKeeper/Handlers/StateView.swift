import RollupTypes

/// Accounts as a handler sees them: the tree, or the tree with pending
/// transactions applied on top (what the API validates against).
///
/// A view is short-lived: it shares the tree's storage, and a view kept
/// alive across a tree write would force a copy of every stored node.
public struct StateView: Sendable {
    var overrides: [AccountID: Account]
    let tree: AccountTree
    /// The id the next new account gets.
    var nextAccount: UInt32

    init(tree: AccountTree, overrides: [AccountID: Account] = [:], nextAccount: UInt32) {
        self.tree = tree
        self.overrides = overrides
        self.nextAccount = nextAccount
    }

    public func account(_ id: AccountID) -> Account? { overrides[id] ?? tree.account(id) }

    mutating func set(_ id: AccountID, _ account: Account) { overrides[id] = account }
}
