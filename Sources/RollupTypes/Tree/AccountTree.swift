import Algebra
import Primitives

/// The sparse Merkle tree of accounts: 2^depth leaves (depth 24 in
/// production, small and even in tests), in depth/2 levels of four
/// children, nodes Poseidon(c₀, c₁, c₂, c₃), leaves ``Account/leaf`` with 0
/// for an empty slot. Only touched nodes are stored; the hashes of empty
/// subtrees are precomputed per level.
///
/// A block's writes rehash lazily (``witnessedWrite(_:_:)``): a write only
/// marks its leaf and ancestors stale, and a stale node is rehashed when a
/// later write needs it as a sibling or when ``rehash()`` brings the root up
/// to date. Nodes that several writes of a block share, the top levels
/// above all, are then hashed once per block rather than once per write.
///
/// Four children per node rather than two: a path is 12 Poseidon(4) hashes
/// instead of 24 Poseidon(2), which costs 37 % fewer constraints in the
/// circuits (3,624 against 5,784 per path) and fewer native multiplications.
public struct AccountTree: Sendable {
    /// Index bits: 2^depth leaves. Even, so that levels take 2 bits each.
    public let depth: Int
    /// emptyHashes[level]: the root of an empty subtree of height `level`.
    public let emptyHashes: [Fr]
    /// nodes[level][index], level 0 the leaves; absent means empty.
    private var nodes: [[UInt32: Fr]]
    /// stale[level]: nodes whose stored hash predates a write below them (a
    /// leaf: a write to it). The ancestors of a stale node are stale too.
    private var stale: [Set<UInt32>]
    private var accounts: [UInt32: Account] = [:]

    /// Why an account cannot be placed.
    public struct OutOfCapacity: Error, CustomStringConvertible {
        public let id: AccountID
        public let depth: Int
        public var description: String { "account \(id) does not fit a tree of depth \(depth)" }
    }

    public init(depth: Int) {
        precondition((2...32).contains(depth) && depth.isMultiple(of: 2), "tree depth must be even, 2 ... 32")
        self.depth = depth
        var empty = [Fr.zero]
        for _ in 0..<(depth / 2) {
            let child = empty.last!
            empty.append(Poseidon.hash(child, child, child, child))
        }
        emptyHashes = empty
        nodes = Array(repeating: [:], count: depth / 2 + 1)
        stale = Array(repeating: [], count: depth / 2 + 1)
    }

    /// A tree holding `accounts`, built bottom-up: each stored node is hashed
    /// once, where inserting one by one would hash a whole path per account.
    public init(depth: Int, accounts: [(AccountID, Account)]) throws {
        self.init(depth: depth)
        for (id, account) in accounts {
            guard UInt64(id.value) < capacity else { throw OutOfCapacity(id: id, depth: depth) }
            self.accounts[id.value] = account
            nodes[0][id.value] = account.leaf
        }
        for level in 0..<levels {
            var parents = [UInt32: Fr]()
            parents.reserveCapacity(nodes[level].count)
            for index in nodes[level].keys where parents[index >> 2] == nil {
                parents[index >> 2] = hashChildren(level: level, parent: index >> 2)
            }
            nodes[level + 1] = parents
        }
    }

    /// The number of levels of four children.
    public var levels: Int { depth / 2 }

    /// The number of leaf slots.
    public var capacity: UInt64 { UInt64(1) << UInt64(depth) }

    /// The root. Call ``rehash()`` first after lazy writes.
    public var root: Fr {
        precondition(isCurrent, "the tree has writes not yet rehashed")
        return node(level: levels, index: 0)
    }

    /// Whether every stored hash is up to date.
    public var isCurrent: Bool { stale[levels].isEmpty }

    /// The number of accounts.
    public var count: Int { accounts.count }

    public func account(_ id: AccountID) -> Account? { accounts[id.value] }

    /// Every account, by id.
    public var allAccounts: [(AccountID, Account)] {
        accounts.keys.sorted().map { (try! AccountID(Int($0)), accounts[$0]!) }
    }

    func node(level: Int, index: UInt32) -> Fr { nodes[level][index] ?? emptyHashes[level] }

    private func hashChildren(level: Int, parent: UInt32) -> Fr {
        let first = parent << 2
        return Poseidon.hash(
            node(level: level, index: first), node(level: level, index: first + 1),
            node(level: level, index: first + 2), node(level: level, index: first + 3))
    }

    /// The path of slot `id`: per level, the three other children in order.
    /// Call ``rehash()`` first after lazy writes.
    public func path(_ id: AccountID) -> MerklePath {
        precondition(isCurrent, "the tree has writes not yet rehashed")
        return MerklePath(index: id.value, siblings: Self.siblings(of: id.value, levels: levels) { node(level: $0, index: $1) })
    }

    /// The three other children of each ancestor of leaf `index`, bottom
    /// first, in child order, as `node` gives them.
    static func siblings(of index: UInt32, levels: Int, _ node: (Int, UInt32) -> Fr) -> [Fr] {
        var siblings = [Fr]()
        siblings.reserveCapacity(3 * levels)
        var index = index
        for level in 0..<levels {
            let first = index & ~3
            for child in first..<(first + 4) where child != index { siblings.append(node(level, child)) }
            index >>= 2
        }
        return siblings
    }

    /// Writes `account` into slot `id` and rehashes the path to the root.
    public mutating func set(_ id: AccountID, _ account: Account) throws {
        _ = try witnessedWrite(id, account)
        rehash()
    }

    /// Writes `account` into slot `id` and returns the slot's path just
    /// before the write, its siblings brought up to date with every earlier
    /// write: the witness that a circuit checks the write against. The
    /// write's own ancestors are only marked stale; ``rehash()`` or a later
    /// write that needs them hashes them.
    public mutating func witnessedWrite(_ id: AccountID, _ account: Account) throws -> MerklePath {
        guard UInt64(id.value) < capacity else { throw OutOfCapacity(id: id, depth: depth) }
        let siblings = Self.siblings(of: id.value, levels: levels) { freshNode(level: $0, index: $1) }
        accounts[id.value] = account
        var index = id.value
        for level in 0...levels {
            guard stale[level].insert(index).inserted else { break }  // its ancestors are already stale
            index >>= 2
        }
        return MerklePath(index: id.value, siblings: siblings)
    }

    /// Hashes every stale node, so that ``root`` and ``path(_:)`` are current.
    public mutating func rehash() {
        _ = freshNode(level: levels, index: 0)
    }

    /// The node's hash, rehashed first (children before parents) if stale.
    private mutating func freshNode(level: Int, index: UInt32) -> Fr {
        guard stale[level].remove(index) != nil else { return node(level: level, index: index) }
        let hash: Fr
        if level == 0 {
            hash = accounts[index]!.leaf
        } else {
            let first = index << 2
            hash = Poseidon.hash(
                freshNode(level: level - 1, index: first), freshNode(level: level - 1, index: first + 1),
                freshNode(level: level - 1, index: first + 2), freshNode(level: level - 1, index: first + 3))
        }
        nodes[level][index] = hash
        return hash
    }
}
