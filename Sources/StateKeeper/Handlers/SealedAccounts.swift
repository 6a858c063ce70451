import Primitives
import RollupTypes

/// The sealed state as the state keeper checks transactions against it:
/// accounts by id, without the tree's hashes. The ``BlockAssembler`` keeps
/// the tree, so hashing can run apart from validation.
public struct SealedAccounts: Sendable {
    private var accounts: [AccountID: Account]
    /// The number of leaf slots.
    public let capacity: UInt64

    init(_ tree: AccountTree) {
        accounts = Dictionary(uniqueKeysWithValues: tree.allAccounts)
        capacity = tree.capacity
    }

    public func account(_ id: AccountID) -> Account? { accounts[id] }

    mutating func set(_ id: AccountID, _ account: Account) { accounts[id] = account }

    /// One past the highest id in use.
    var nextFreeID: UInt32 { accounts.keys.max().map { $0.value + 1 } ?? 0 }
}
