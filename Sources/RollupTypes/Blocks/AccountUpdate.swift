/// One leaf write with what a circuit needs to check it: the siblings, 3 per level (the
/// same before and after, since only this leaf changes) and both leaves. The
/// roots around the write follow from them (``MerklePath/root(from:)``), and
/// a block's writes chain from its old root to its new root.
public struct AccountUpdate: Equatable, Sendable {
    public let account: AccountID
    public let before: Account?
    public let after: Account
    public let path: MerklePath

    public init(account: AccountID, before: Account?, after: Account, path: MerklePath) {
        self.account = account
        self.before = before
        self.after = after
        self.path = path
    }
}
