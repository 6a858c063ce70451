import Algebra
import Primitives
import RollupTypes
import Testing

/// The sparse Merkle tree: empty roots, paths, updates and capacity.
struct AccountTreeTests {
    static let key = EdDSAPrivateKey.generate().publicKey

    @Test func emptyTreeRootIsThePrecomputedEmptySubtree() {
        let tree = AccountTree(depth: 6)
        #expect(tree.levels == 3)
        #expect(tree.root == tree.emptyHashes[3])
        #expect(tree.emptyHashes[1] == (try! Poseidon.hash([.zero, .zero, .zero, .zero])))
        #expect(tree.path(try! AccountID(7)).root(from: .zero) == tree.root)
    }

    @Test func pathsProveMembershipBeforeAndAfterUpdates() throws {
        var tree = AccountTree(depth: 6)
        let ids = try [0, 1, 2, 33, 63].map { try AccountID($0) }
        for (n, id) in ids.enumerated() {
            let account = Account(publicKey: Self.key, balance: UInt128(n * 100), nonce: UInt32(n))
            let path = tree.path(id)
            #expect(path.root(from: tree.account(id)?.leaf ?? .zero) == tree.root)
            try tree.set(id, account)
            #expect(path.root(from: account.leaf) == tree.root)  // one write leaves the siblings as they were
            #expect(tree.account(id) == account)
        }
        for id in ids {
            #expect(tree.path(id).root(from: tree.account(id)!.leaf) == tree.root)
            #expect(tree.path(id).root(from: tree.account(id)!.leaf + .one) != tree.root)
        }
        #expect(tree.count == 5)
    }

    /// Lazy writes (a block's) return the witnesses eager writes would see,
    /// repeated and neighbouring slots included, and rehash to the same root.
    @Test func lazyWritesMatchEagerWrites() throws {
        var eager = AccountTree(depth: 6), lazy = AccountTree(depth: 6)
        for (n, raw) in [0, 1, 5, 17, 1, 63, 62, 0, 2].enumerated() {
            let id = try AccountID(raw)
            let account = Account(publicKey: Self.key, balance: UInt128(n), nonce: UInt32(n))
            let path = eager.path(id)
            try eager.set(id, account)
            #expect(try lazy.witnessedWrite(id, account) == path)
            #expect(!lazy.isCurrent)
        }
        lazy.rehash()
        #expect(lazy.isCurrent)
        #expect(lazy.root == eager.root)
        #expect(throws: AccountTree.OutOfCapacity.self) { try lazy.witnessedWrite(try AccountID(64), Account(publicKey: Self.key)) }
        #expect(lazy.isCurrent)
    }

    /// A node hashes its four children in order: the root of a depth-2 tree
    /// (one level) is Poseidon of its four leaves.
    @Test func nodesHashFourChildrenInOrder() throws {
        var tree = AccountTree(depth: 2)
        let account = Account(publicKey: Self.key, balance: 9)
        try tree.set(try AccountID(2), account)
        #expect(tree.root == (try Poseidon.hash([.zero, .zero, account.leaf, .zero])))
        #expect(tree.path(try AccountID(2)).siblings == [.zero, .zero, .zero])
        try tree.set(try AccountID(0), account)
        #expect(tree.path(try AccountID(2)).siblings == [account.leaf, .zero, .zero])
    }

    @Test func rootDependsOnEveryField() throws {
        var a = AccountTree(depth: 4), b = AccountTree(depth: 4)
        try a.set(try AccountID(3), Account(publicKey: Self.key, balance: 5, nonce: 1))
        try b.set(try AccountID(3), Account(publicKey: Self.key, balance: 5, nonce: 2))
        #expect(a.root != b.root)
        try b.set(try AccountID(3), Account(publicKey: Self.key, balance: 5, nonce: 1))
        #expect(a.root == b.root)
    }

    @Test func idsBeyondCapacityAreRefused() {
        var tree = AccountTree(depth: 4)
        #expect(throws: AccountTree.OutOfCapacity.self) { try tree.set(try AccountID(16), Account(publicKey: Self.key)) }
    }
}

/// Bulk construction gives the same tree as inserting one by one.
struct AccountTreeBulkTests {
    @Test func bulkBuildMatchesIncrementalInserts() throws {
        let key = AccountTreeTests.key
        let accounts = try [0, 1, 5, 6, 31, 200, 1023].enumerated().map {
            (try AccountID($1), Account(publicKey: key, balance: UInt128($0 + 1), nonce: UInt32($0)))
        }
        var incremental = AccountTree(depth: 10)
        for (id, account) in accounts { try incremental.set(id, account) }
        let bulk = try AccountTree(depth: 10, accounts: accounts)
        #expect(bulk.root == incremental.root)
        for (id, _) in accounts { #expect(bulk.path(id) == incremental.path(id)) }
        #expect(try AccountTree(depth: 10, accounts: []).root == AccountTree(depth: 10).root)
    }
}
