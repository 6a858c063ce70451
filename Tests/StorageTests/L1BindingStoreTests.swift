import Foundation
import RollupTypes
import Storage
import StorageTesting
import Support
import Testing

/// A chain's binding to its L1 contracts (migrations/0010): made once,
/// before the chain's first transaction, and derived again on every read.
struct L1BindingStoreTests {
    static let binding = try! L1Binding(l1ChainID: 31_337, rollup: [UInt8](repeating: 0x5A, count: 20))

    @Test(arguments: TestDatabase.available) func aChainIsBoundOnceBeforeItsFirstTransaction(_ backend: TestDatabase) throws {
        let database = try backend.fresh()
        let store = try DatabaseStore(database)
        #expect(throws: StorageError.self) { try store.checkBindable() }
        let made = StoreFixture.chain
        try store.initialize(made)
        try store.checkBindable()

        let bound = try store.bindToL1(Self.binding)
        #expect(bound.chainID == ChainID.bound(made.chainID, to: Self.binding) && bound.genesisChainID == made.chainID)
        #expect(try store.configuration() == bound)
        #expect(try store.bindToL1(Self.binding) == bound)
        let other = try L1Binding(l1ChainID: 31_337, rollup: [UInt8](repeating: 0x5B, count: 20))
        #expect(throws: StorageError.self) { try store.bindToL1(other) }
        #expect(throws: StorageError.self) { try store.checkBindable() }

        // A rewritten binding no longer derives the recorded id.
        let connection = try database.connect()
        try connection.run("UPDATE server_config SET l1_rollup = ? WHERE id = 1", [.text(other.rollupHex)])
        #expect(throws: StorageError.self) { try store.configuration() }
        try connection.run("UPDATE server_config SET l1_rollup = NULL WHERE id = 1")
        #expect(throws: StorageError.self) { try store.configuration() }
    }

    @Test(arguments: TestDatabase.available) func aChainWithATransactionIsNotBound(_ backend: TestDatabase) throws {
        let database = try backend.fresh()
        let store = try DatabaseStore(database)
        let made = StoreFixture.chain
        try store.initialize(made)
        try database.connect().run("""
            INSERT INTO transactions (hash, sequence, type, body, status, received_at) VALUES ('0xaa', 1, 'deposit', ?, 'pending', 4)
            """, [.blob([0])])
        for attempt in [{ try store.checkBindable() }, { _ = try store.bindToL1(Self.binding) }] {
            #expect {
                try attempt()
            } throws: { error in
                "\(error)".contains("before its first transaction")
            }
        }
        #expect(try store.configuration() == made)
    }

    /// Found by an outside tester: with every transaction and block deleted
    /// behind the node's back, a chain with balances was deployed (and its
    /// node could then not start).
    @Test(arguments: TestDatabase.available) func aChainWithAccountsButNoHistoryIsNotBound(_ backend: TestDatabase) throws {
        let database = try backend.fresh()
        let store = try DatabaseStore(database)
        try store.initialize(StoreFixture.chain)
        try database.connect().run(
            "INSERT INTO accounts (id, public_key, balance, nonce, verified_block) VALUES (1, ?, '5', 0, 1)", [.blob([UInt8](repeating: 0, count: 64))])
        #expect {
            try store.checkBindable()
        } throws: { error in
            "\(error)".contains("accounts beyond its genesis")
        }
    }
}
