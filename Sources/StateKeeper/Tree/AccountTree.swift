import Algebra
import Primitives
import RollupTypes

/// The sparse Merkle tree of accounts: 2^depth leaves (depth 24 in
/// production, small in tests), nodes Poseidon(left, right), leaves
/// ``Account/leaf`` with 0 for an empty slot. Only touched nodes are
/// stored; the hashes of empty subtrees are precomputed per level.
public struct AccountTree: Sendable {
    public let depth: Int
    /// emptyHashes[level]: the root of an empty subtree of height `level`.
    public let emptyHashes: [Fr]
    /// nodes[level][index], level 0 the leaves; absent means empty.
    private var nodes: [[UInt32: Fr]]
    private var accounts: [UInt32: Account] = [:]

    /// Why an account cannot be placed.
    public struct OutOfCapacity: Error, CustomStringConvertible {
        public let id: AccountID
        public let depth: Int
        public var description: String { "account \(id) does not fit a tree of depth \(depth)" }
    }

    public init(depth: Int) {
        precondition((1...32).contains(depth), "tree depth must be 1 ... 32")
        self.depth = depth
        var empty = [Fr.zero]
        for _ in 0..<depth { empty.append(Poseidon.hash(empty.last!, empty.last!)) }
        emptyHashes = empty
        nodes = Array(repeating: [:], count: depth + 1)
    }

    /// A tree holding `accounts`, built bottom-up: each stored node is hashed
    /// once (about as many hashes as accounts), where inserting one by one
    /// would hash a whole path per account.
    public init(depth: Int, accounts: [(AccountID, Account)]) throws {
        self.init(depth: depth)
        for (id, account) in accounts {
            guard UInt64(id.value) < capacity else { throw OutOfCapacity(id: id, depth: depth) }
            self.accounts[id.value] = account
            nodes[0][id.value] = account.leaf
        }
        for level in 0..<depth {
            var parents = [UInt32: Fr]()
            parents.reserveCapacity(nodes[level].count)
            for index in nodes[level].keys where parents[index >> 1] == nil {
                let left = index & ~1
                parents[index >> 1] = Poseidon.hash(node(level: level, index: left), node(level: level, index: left | 1))
            }
            nodes[level + 1] = parents
        }
    }

    /// The number of leaf slots.
    public var capacity: UInt64 { UInt64(1) << UInt64(depth) }

    public var root: Fr { node(level: depth, index: 0) }

    /// The number of accounts.
    public var count: Int { accounts.count }

    public func account(_ id: AccountID) -> Account? { accounts[id.value] }

    /// Every account, by id.
    public var allAccounts: [(AccountID, Account)] {
        accounts.keys.sorted().map { (try! AccountID(Int($0)), accounts[$0]!) }
    }

    func node(level: Int, index: UInt32) -> Fr { nodes[level][index] ?? emptyHashes[level] }

    /// The path of slot `id`.
    public func path(_ id: AccountID) -> MerklePath {
        var siblings = [Fr]()
        siblings.reserveCapacity(depth)
        var index = id.value
        for level in 0..<depth {
            siblings.append(node(level: level, index: index ^ 1))
            index >>= 1
        }
        return MerklePath(index: id.value, siblings: siblings)
    }

    /// Writes `account` into slot `id` and rehashes the path to the root.
    public mutating func set(_ id: AccountID, _ account: Account) throws {
        guard UInt64(id.value) < capacity else { throw OutOfCapacity(id: id, depth: depth) }
        accounts[id.value] = account
        var index = id.value
        var hash = account.leaf
        nodes[0][index] = hash
        for level in 0..<depth {
            let sibling = node(level: level, index: index ^ 1)
            hash = index & 1 == 0 ? Poseidon.hash(hash, sibling) : Poseidon.hash(sibling, hash)
            index >>= 1
            nodes[level + 1][index] = hash
        }
    }
}
