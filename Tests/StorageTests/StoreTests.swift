import Algebra
import Committer
import Foundation
import Primitives
import RollupTypes
import StateKeeper
import Storage
import StorageTesting
import Testing

/// The store against real databases, SQLite files and (when a server is
/// given) PostgreSQL databases: migrations, durable acceptance, atomic
/// sealing, committed and verified state, and restarts.
struct StoreTests {
    typealias Fixture = StoreFixture

    /// The binary carries exactly the SQL files of migrations/, and
    /// PostgreSQL's own files of migrations/postgres/ beside them.
    @Test func embeddedMigrationsMatchTheFiles() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../migrations").standardized
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".sql") }.sorted()
        let postgresFiles = Set(try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("postgres").path))
        #expect(files.count == Migration.all.count)
        #expect(Migration.all.filter { $0.postgresSQL != nil }.count == postgresFiles.count)
        for (file, migration) in zip(files, Migration.all) {
            #expect(file == String(format: "%04d_%@.sql", migration.version, migration.name))
            #expect(try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8) == migration.sql, "\(file)")
            let postgres = directory.appendingPathComponent("postgres").appendingPathComponent(file)
            let postgresSQL: String? = postgresFiles.contains(file) ? try String(contentsOf: postgres, encoding: .utf8) : nil
            #expect(postgresSQL == migration.postgresSQL, "postgres/\(file)")
        }
    }

    /// PostgreSQL's schema comes up migration by migration like SQLite's,
    /// its checks hold, and two processes migrating one database at once
    /// apply each migration once.
    @Test(.enabled(if: TestDatabase.available.contains(.postgres))) func postgresMigrationsRunStepByStepAndOnce() throws {
        let database = try TestDatabase.postgres.fresh()
        let connection = try database.connect()
        let migrator = Migrator()
        func hasTable(_ name: String) throws -> Bool {
            try connection.row("SELECT 1 FROM information_schema.tables WHERE table_name = ?", [.text(name)]) != nil
        }
        #expect(try migrator.migrate(connection, upTo: 1) == [1])
        #expect(try hasTable("blocks") && !hasTable("prover_runs"))
        try connection.run("INSERT INTO blocks VALUES (1, 'deposit', 1, '0', '0', '0', ?, '0', 0, NULL)", [.blob([])])
        try connection.run("INSERT INTO account_updates VALUES (1, 0, 0, 5, NULL, ?, ?, '0', '0')", [.blob([UInt8](repeating: 0, count: 84)), .blob([])])
        #expect(try migrator.migrate(connection, upTo: 3) == [2, 3])
        #expect(try hasTable("prover_runs"))
        #expect(try connection.row("SELECT account_id FROM account_updates")?.integer(0) == 5)
        #expect(throws: PostgresFailure.self) { try connection.row("SELECT root_before FROM account_updates") }
        #expect(try migrator.migrate(connection, upTo: 9) == [4, 5, 6, 7, 8, 9])
        #expect(try connection.row("SELECT COUNT(*) FROM block_types")?.integer(0) == 0)
        #expect(try connection.row("SELECT db_role FROM prover_runs") == nil)
        // 0010 adds the L1 binding, none for a chain made before.
        #expect(throws: PostgresFailure.self) { try connection.row("SELECT l1_rollup FROM server_config") }
        #expect(try migrator.migrate(connection) == [10])
        #expect(try connection.row("SELECT l1_chain_id, l1_rollup FROM server_config") == nil)
        #expect(try migrator.appliedVersions(connection) == Array(1...10))
        #expect(try connection.row("SELECT length(authority) FROM blocks")?.integer(0) == 0)
        // Times and nonces need 64 bits.
        try connection.run("INSERT INTO accounts VALUES (1, ?, '0', 4294967295, 0)", [.blob([UInt8](repeating: 0, count: 64))])
        #expect(throws: PostgresFailure.self) {
            try connection.run("INSERT INTO transactions (hash, sequence, type, body, status, block_number, received_at) VALUES ('x', 1, 'transfer', ?, 'pending', 1, 0)", [.blob([0])])
        }
        try connection.run("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 0)")
        #expect(throws: Migrator.Failure.unknownVersion(99)) { try migrator.migrate(connection) }

        let shared = try TestDatabase.postgres.fresh()
        let applied = Locked([Int]())
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            let versions = (try? Migrator().migrate(try shared.connect())) ?? [-1]
            applied.withLock { $0 += versions }
        }
        #expect(applied.withLock { $0.sorted() } == Array(1...10))
    }

    @Test func migrationsRunFromEmptyAndStepByStep() throws {
        let connection = try SQLiteConnection(path: try Fixture.temporaryDatabase())
        let migrator = Migrator()
        #expect(try migrator.migrate(connection, upTo: 1) == [1])
        #expect(try connection.row("SELECT name FROM sqlite_master WHERE name = 'prover_runs'") == nil)
        try connection.run("INSERT INTO accounts (id, public_key, balance, nonce, verified_block) VALUES (5, zeroblob(64), '7', 0, 0)")
        try connection.run("INSERT INTO blocks VALUES (1, 'deposit', 1, '0', '0', '0', x'', '0', 0, NULL)")
        try connection.run("INSERT INTO account_updates VALUES (1, 0, 0, 5, NULL, zeroblob(84), x'', '0', '0')")
        #expect(try migrator.migrate(connection, upTo: 2) == [2])
        #expect(try connection.row("SELECT name FROM sqlite_master WHERE name = 'prover_runs'") != nil)
        #expect(try connection.row("SELECT balance FROM accounts WHERE id = 5")?.text(0) == "7")
        // 0003 drops the per-write roots and keeps the writes.
        #expect(try migrator.migrate(connection, upTo: 3) == [3])
        #expect(try connection.row("SELECT account_id FROM account_updates")?.integer(0) == 5)
        #expect(throws: SQLiteError.self) { try connection.row("SELECT root_before FROM account_updates") }
        // 0004 adds the transfer timeout to server_config.
        #expect(throws: SQLiteError.self) { try connection.row("SELECT transfer_block_timeout_ms FROM server_config") }
        #expect(try migrator.migrate(connection, upTo: 4) == [4])
        #expect(try connection.row("SELECT transfer_block_timeout_ms FROM server_config") == nil)
        // 0005 adds the chain id, the blocks' published authority (empty for
        // blocks made before) and the spent bridge sequences; 0006 the
        // clearing of failed runs; 0007 the key setups; 0008 the roles of
        // runs and proofs; 0009 the block types as rows.
        #expect(try migrator.migrate(connection, upTo: 9) == [5, 6, 7, 8, 9])
        #expect(try connection.row("SELECT length(authority) FROM blocks WHERE number = 1")?.integer(0) == 0)
        #expect(try connection.row("SELECT COUNT(*) FROM bridge_sequences")?.integer(0) == 0)
        #expect(try connection.row("SELECT cleared_at FROM prover_runs") == nil)
        #expect(try connection.row("SELECT COUNT(*) FROM block_types")?.integer(0) == 0)
        #expect(try connection.row("SELECT db_role FROM prover_runs") == nil)
        // 0010 adds the L1 binding, none for a chain made before.
        #expect(throws: SQLiteError.self) { try connection.row("SELECT l1_rollup FROM server_config") }
        #expect(try migrator.migrate(connection) == [10])
        #expect(try connection.row("SELECT l1_chain_id, l1_rollup FROM server_config") == nil)
        #expect(try migrator.appliedVersions(connection) == Array(1...10))
        #expect(try migrator.migrate(connection).isEmpty)
        #expect(try connection.row("SELECT type FROM blocks WHERE number = 1")?.text(0) == "deposit")

        // A database from a newer binary is refused, not silently used.
        try connection.run("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 0)")
        #expect(throws: Migrator.Failure.unknownVersion(99)) { try migrator.migrate(connection) }

        // The schema's own checks hold: a pending transaction has no block.
        #expect(throws: SQLiteError.self) {
            try connection.run("INSERT INTO transactions (hash, sequence, type, body, status, block_number, received_at) VALUES ('x', 1, 'transfer', x'00', 'pending', 1, 0)")
        }
    }

    /// server_config keeps the whole chain: the shape and keys are fixed, the
    /// timeout may change, and the first verifying keys are bound to it.
    @Test(arguments: TestDatabase.available) func theChainsParametersAndKeysAreRecorded(_ backend: TestDatabase) throws {
        let store = try DatabaseStore(try backend.fresh())
        let chain = try ChainParameters(treeDepth: 6, blockSizes: [.transfer: 4, .deposit: 2, .exit: 3], fullBlockTimeout: .seconds(7))
        let made = try ChainConfiguration.genesis(parameters: chain, operatorKey: Fixture.operatorKey.publicKey, bridgePublicKey: Fixture.bridge.publicKey)
        try store.initialize(made)
        #expect(try store.configuration() == made)

        let slower = try made.withFullBlockTimeout(.seconds(90))
        try store.initialize(slower)
        #expect(try DatabaseStore(store.location).configuration()?.parameters.fullBlockTimeout == .seconds(90))

        let reshaped = try ChainConfiguration(
            parameters: try ChainParameters(treeDepth: 6, blockSizes: [.transfer: 4, .deposit: 2, .exit: 2]), operatorKey: made.operatorKey,
            bridgePublicKey: made.bridgePublicKey, salt: made.salt)
        #expect(throws: StorageError.self) { try store.initialize(reshaped) }
        let otherOperator = try ChainConfiguration(parameters: chain, operatorKey: Fixture.alice.publicKey, bridgePublicKey: made.bridgePublicKey, salt: made.salt)
        #expect(throws: StorageError.self) { try store.initialize(otherOperator) }
        // The same shape and keys with another salt is another chain.
        let otherGenesis = try ChainConfiguration.genesis(parameters: chain, operatorKey: made.operatorKey, bridgePublicKey: made.bridgePublicKey)
        #expect(otherGenesis.chainID != made.chainID)
        #expect(throws: StorageError.self) { try store.initialize(otherGenesis) }
        // A recorded chain id that its genesis, keys and salt do not derive is refused.
        try store.location.connect().run("UPDATE server_config SET chain_id = ? WHERE id = 1", [.text(otherGenesis.chainID.description)])
        #expect(throws: StorageError.self) { try store.configuration() }
        try store.location.connect().run("UPDATE server_config SET chain_id = ? WHERE id = 1", [.text(made.chainID.description)])

        let hashes: [BlockType: String] = [.transfer: "aa", .deposit: "bb", .exit: "cc"]
        try store.bindKeys(hashes)
        try store.bindKeys(hashes)
        #expect(throws: StorageError.keyMismatch(type: .exit, bound: "cc", offered: "dd")) {
            try store.bindKeys([.transfer: "aa", .deposit: "bb", .exit: "dd"])
        }
    }

    /// Migration 0009 carries a chain of the previous release over:
    /// migrations 1 to 8 and the rows as that release's store wrote them
    /// (its initialize, bindKeys and recordKeySetups, a block and its
    /// transaction), then 0009. The same chain, bound keys and setups come
    /// back from `block_types`; the rows keep their references; the type
    /// lists are gone from the schema, and the store refuses a type its
    /// registry does not know.
    @Test(arguments: TestDatabase.available) func aChainOfThePreviousReleaseIsCarriedOverToBlockTypes(_ backend: TestDatabase) throws {
        let database = try backend.fresh()
        let connection = try database.connect()
        #expect(try Migrator().migrate(connection, upTo: 8) == Array(1...8))
        let made = try ChainConfiguration.genesis(
            parameters: try ChainParameters(treeDepth: 6, blockSizes: [.transfer: 4, .deposit: 2, .exit: 3], fullBlockTimeout: .seconds(7)),
            operatorKey: Fixture.operatorKey.publicKey, bridgePublicKey: Fixture.bridge.publicKey)
        try connection.run("""
            INSERT INTO server_config (id, tree_depth, transfer_block_size, deposit_block_size, exit_block_size, operator_key, bridge_public_key,
                                       transfer_block_timeout_ms, chain_salt, chain_id, transfer_key_hash, deposit_key_hash)
            VALUES (1, 6, 4, 2, 3, ?, ?, 7000, ?, ?, 'aa', 'bb')
            """, [.blob(made.operatorKey.packed), .blob(made.bridgePublicKey), .blob(made.salt), .text(made.chainID.description)])
        try connection.run("INSERT INTO key_setups (block_type, setup) VALUES ('transfer', 'ceremony')")
        try connection.run("INSERT INTO key_setups (block_type, setup) VALUES ('deposit', 'development')")
        try connection.run("""
            INSERT INTO blocks (number, type, slot_count, old_root, new_root, total_fee, pubdata, commitment, committed_at, authority)
            VALUES (1, 'deposit', 2, '0', '1', '0', ?, '2', 5, ?)
            """, [.blob([1, 2]), .blob([3])])
        try connection.run("""
            INSERT INTO transactions (hash, sequence, type, body, account_id, status, block_number, slot, received_at)
            VALUES ('0xaa', 1, 'deposit', ?, 1, 'committed', 1, 0, 4)
            """, [.blob([0])])
        try connection.run("INSERT INTO bridge_sequences (sequence, block_number) VALUES (1, 1)")
        // On PostgreSQL, a role that could read server_config (a prover's) may read block_types after.
        let reader = "rollup_test_reader_\(getpid())"
        if backend == .postgres {
            try connection.execute("CREATE ROLE \(reader)")
            try connection.execute("GRANT SELECT ON server_config TO \(reader)")
        }
        defer { if backend == .postgres { try? connection.execute("DROP OWNED BY \(reader);\nDROP ROLE \(reader)") } }

        #expect(try Migrator().migrate(connection) == [9, 10])
        if backend == .postgres {
            let granted = try connection.row("SELECT CASE WHEN has_table_privilege(?, 'block_types', 'SELECT') THEN 1 ELSE 0 END", [.text(reader)])
            #expect(granted?.integer(0) == 1)
        }
        let store = try DatabaseStore(database)
        #expect(try store.configuration() == made)
        #expect(try store.keySetups() == [.transfer: .ceremony, .deposit: .development])
        try store.checkKeys([.transfer: "aa", .deposit: "bb"])
        #expect(throws: StorageError.keysNotBound(.exit)) { try store.checkKeys([.exit: "cc"]) }
        try store.bindKeys([.transfer: "aa", .deposit: "bb", .exit: "cc"])
        #expect(throws: StorageError.keyMismatch(type: .transfer, bound: "aa", offered: "dd")) { try store.bindKeys([.transfer: "dd"]) }
        let block = try #require(try store.blocks(from: 1, limit: 1).first)
        #expect(block.type == .deposit && block.pubdata == [1, 2] && block.authority == [3] && block.transactionHashes == ["0xaa"])
        for column in ["transfer_block_size", "exit_key_hash"] {
            #expect(throws: (any Error).self) { try connection.row("SELECT \(column) FROM server_config") }
        }
        // Foreign keys still hold on the rebuilt tables.
        #expect(throws: (any Error).self) {
            try connection.run("INSERT INTO bridge_sequences (sequence, block_number) VALUES (2, 99)")
        }
        #expect(throws: (any Error).self) {
            try connection.run("""
                INSERT INTO transactions (hash, sequence, type, body, status, block_number, slot, received_at)
                VALUES ('0xbb', 2, 'deposit', ?, 'committed', 99, 0, 4)
                """, [.blob([0])])
        }
        // A type name is data now: the schema takes any, the store refuses one its registry does not know.
        try connection.run("UPDATE blocks SET type = 'swap' WHERE number = 1")
        #expect(throws: StorageError.self) { try store.blocks(from: 1, limit: 1) }
        try connection.run("INSERT INTO block_types (name, slots) VALUES ('swap', 2)")
        #expect(throws: StorageError.self) { try store.configuration() }
    }

    /// Parameters no circuit can have are refused by name.
    @Test func chainParametersAreChecked() {
        #expect(throws: ChainParameters.Invalid.treeDepth(5)) { try ChainParameters(treeDepth: 5, blockSize: 8) }
        #expect(throws: ChainParameters.Invalid.blockSize(.transfer, 0)) { try ChainParameters(treeDepth: 4, blockSize: 0) }
        #expect(throws: ChainParameters.Invalid.missingBlockSize(.exit)) {
            try ChainParameters(treeDepth: 4, blockSizes: [.transfer: 2, .deposit: 2])
        }
        #expect(throws: ChainParameters.Invalid.timeout(.seconds(-1))) {
            try ChainParameters(treeDepth: 4, blockSize: 2, fullBlockTimeout: .seconds(-1))
        }
        #expect(ChainParameters.production.shapeSummary == "depth 24, blocks 8/8/7 (transfer/deposit/exit)")
    }

    @Test(arguments: TestDatabase.available) func acceptedTransactionsSurviveReopeningAndDuplicatesAreRefused(_ backend: TestDatabase) async throws {
        let database = try backend.fresh()
        let store = try DatabaseStore(database)
        let (keeper, _) = try await Fixture.node(store)
        let deposit = Fixture.deposit(Fixture.alice, 100, sequence: 1)
        let receipt = try await Fixture.accept(deposit, keeper, store)
        #expect(receipt.account == (try AccountID(1)))
        await #expect(throws: TransactionRejection.duplicate) { try await Fixture.accept(deposit, keeper, store) }
        #expect(await keeper.pendingCount == 1)

        let reopened = try DatabaseStore(database)
        #expect(try reopened.pendingRows().map { try $0.transaction() } == [deposit])
        #expect(try reopened.transaction(hash: deposit.hash)?.status == .pending)
    }

    /// The group commit stores a batch once: a hash already pending stays
    /// as it was, and one stored as rejected, accepted again, is pending again.
    @Test(arguments: TestDatabase.available) func batchesSkipStoredHashesAndReviveRejectedOnes(_ backend: TestDatabase) async throws {
        let store = try DatabaseStore(try backend.fresh())
        _ = try await Fixture.node(store)
        let first = Fixture.deposit(Fixture.alice, 100, sequence: 1), second = Fixture.deposit(Fixture.bob, 50, sequence: 2)
        try store.insertPending([(first, nil, 1), (second, nil, 2), (first, nil, 3)])
        #expect(try store.pendingRows().map { try $0.transaction() } == [first, second])
        try store.markRejected([(second.hash, "tested")])
        #expect(try store.transaction(hash: second.hash)?.status == .rejected(reason: "tested"))
        try store.insertPending([(first, nil, 4), (second, nil, 5)])
        #expect(try store.transaction(hash: first.hash)?.receivedAt == 1)
        let revived = try #require(try store.transaction(hash: second.hash))
        #expect(revived.status == .pending && revived.receivedAt == 5)
        #expect(try store.pendingRows().map { try $0.transaction() } == [first, second])
    }

    /// A block that fails half-way (a transaction never accepted) leaves nothing behind.
    @Test(arguments: TestDatabase.available) func sealingIsAtomic(_ backend: TestDatabase) async throws {
        let store = try DatabaseStore(try backend.fresh())
        let (keeper, _) = try await Fixture.node(store)
        let accepted = Fixture.deposit(Fixture.alice, 100, sequence: 1)
        try await Fixture.accept(accepted, keeper, store)
        let unaccepted = Fixture.deposit(Fixture.bob, 50, sequence: 2)
        _ = try await keeper.submit(unaccepted)  // queued, never stored
        await keeper.setBlockSink { _ in }
        let block = await keeper.tick().blocks[0]
        #expect(block.transactions == [accepted, unaccepted])

        #expect(throws: StorageError.unknownTransaction(unaccepted.hash)) { try store.commit(block) }
        #expect(try store.lastCommittedBlock() == nil)
        #expect(try store.sealedBlock(1) == nil)
        #expect(try store.transaction(hash: accepted.hash)?.status == .pending)
        #expect(try store.committedAccounts().count == 1)
    }

    @Test(arguments: TestDatabase.available) func committedAndVerifiedStatesAdvanceInOrder(_ backend: TestDatabase) async throws {
        let store = try DatabaseStore(try backend.fresh())
        let (keeper, _) = try await Fixture.node(store)
        try await Fixture.accept(Fixture.deposit(Fixture.alice, 1_000, sequence: 1), keeper, store)
        try await Fixture.accept(Fixture.deposit(Fixture.bob, 10, sequence: 2), keeper, store)
        let deposits = await keeper.tick().blocks[0]
        let transfer = try Fixture.transfer(1, 2, 300, nonce: 0, key: Fixture.alice)
        try await Fixture.accept(transfer, keeper, store)
        let transfers = await keeper.tick(now: .now + .seconds(3600)).blocks[0]

        #expect(try store.sealedBlock(1) == deposits)
        #expect(try store.sealedBlock(2) == transfers)
        #expect(try store.lastCommittedBlock()?.newRoot == transfers.newRoot)
        #expect(try store.transaction(hash: transfer.hash)?.status == .committed(block: 2))
        let committed = Dictionary(uniqueKeysWithValues: try store.committedAccounts().map { ($0.0.value, $0.1) })
        #expect(committed[1]?.balance == 699 && committed[2]?.balance == 310 && committed[0]?.balance == 1)
        #expect(try store.verifiedAccounts().count == 1)

        #expect(throws: StorageError.blockOutOfOrder(expected: 1, got: 2)) { try store.markVerified(block: 2, writes: Fixture.writes(of: transfers)) }
        try store.markVerified(block: 1, writes: Fixture.writes(of: deposits))
        #expect(try store.verifiedAccounts().map(\.1.balance) == [0, 1_000, 10])
        #expect(throws: StorageError.blockOutOfOrder(expected: 2, got: 1)) { try store.markVerified(block: 1, writes: Fixture.writes(of: deposits)) }
        try store.markVerified(block: 2, writes: Fixture.writes(of: transfers))
        #expect(try store.verifiedAccounts().map(\.1.balance) == [1, 699, 310])
        #expect(try store.transaction(hash: transfer.hash)?.status == .verified(block: 2))
        #expect(try store.lastVerifiedBlock() == 2)
    }

    /// A follower's blocks are stored verified, in order, with their writes
    /// in the verified accounts; an operator's database with unverified
    /// blocks takes none.
    @Test(arguments: TestDatabase.available) func followedBlocksAreStoredVerifiedInOrder(_ backend: TestDatabase) async throws {
        let store = try DatabaseStore(try backend.fresh())
        let configuration = Fixture.configuration
        try store.initialize(configuration.chainConfiguration)
        func followed(_ number: UInt32, _ writes: [(AccountID, Account)], spending sequence: UInt64? = nil) -> FollowedBlock {
            FollowedBlock(
                number: number, type: .deposit, slotCount: 2, oldRoot: Fr(UInt64(number)), newRoot: Fr(UInt64(number + 1)), totalFee: 0,
                pubdata: [UInt8](repeating: 0, count: 104), authority: [UInt8](repeating: UInt8(number), count: 144), spentSequences: [sequence ?? UInt64(number)],
                commitment: .one, committedAt: 5, proof: "{}", writes: writes)
        }
        let alice = try AccountID(1)
        try store.appendFollowed([
            followed(1, [(alice, Account(publicKey: Fixture.alice.publicKey, balance: 7))]),
            followed(2, [(alice, Account(publicKey: Fixture.alice.publicKey, balance: 9))]),
        ])
        #expect(try store.lastVerifiedBlock() == 2 && store.lastCommittedBlock()?.newRoot == Fr(3))
        #expect(try store.verifiedAccount(alice)?.balance == 9 && store.proof(block: 2) == "{}")
        #expect(try store.blocks(from: 2, limit: 1).first?.authority == [UInt8](repeating: 2, count: 144))
        // A bridge sequence is spent once: the table refuses another block spending it.
        #expect(throws: (any Error).self) { try store.appendFollowed([followed(3, [], spending: 2)]) }
        #expect(throws: StorageError.blockOutOfOrder(expected: 3, got: 4)) { try store.appendFollowed([followed(4, [])]) }
        #expect(try store.lastVerifiedBlock() == 2)

        // An operator's database, with a committed block not yet verified.
        let operated = try DatabaseStore(try backend.fresh())
        let (keeper, _) = try await Fixture.node(operated)
        try await Fixture.accept(Fixture.deposit(Fixture.alice, 1_000, sequence: 1), keeper, operated)
        #expect(await keeper.tick().blocks.count == 1)
        #expect(throws: StorageError.unverifiedBlocks(1)) { try operated.appendFollowed([followed(2, [])]) }
    }

    @Test(arguments: TestDatabase.available) func restartRebuildsTheTreeAndRequeuesPendingInOrder(_ backend: TestDatabase) async throws {
        let database = try backend.fresh()
        var store = try DatabaseStore(database)
        var (keeper, _) = try await Fixture.node(store)
        try await Fixture.accept(Fixture.deposit(Fixture.alice, 1_000, sequence: 1), keeper, store)
        try await Fixture.accept(Fixture.deposit(Fixture.bob, 10, sequence: 2), keeper, store)
        _ = await keeper.tick()
        let first = try Fixture.transfer(1, 2, 5, nonce: 0, key: Fixture.alice)
        let second = try Fixture.transfer(1, 2, 6, nonce: 1, key: Fixture.alice)
        try await Fixture.accept(first, keeper, store)
        try await Fixture.accept(second, keeper, store)  // fills a block of 2: sealed and committed
        let third = try Fixture.transfer(1, 2, 7, nonce: 2, key: Fixture.alice)
        try await Fixture.accept(third, keeper, store)  // pending when the node "stops"
        let rootBefore = await keeper.tree.root

        store = try DatabaseStore(database)
        (keeper, _) = try await Fixture.node(store)
        #expect(await keeper.tree.root == rootBefore)
        #expect(await keeper.nextBlockNumber == 3)
        #expect(await keeper.pendingCount == 1)
        #expect(await keeper.projectedAccount(try AccountID(1))?.nonce == 3)
        // The re-queued transfer seals into block 3 with the next one.
        let fourth = try Fixture.transfer(1, 2, 8, nonce: 3, key: Fixture.alice)
        try await Fixture.accept(fourth, keeper, store)
        #expect(try store.sealedBlock(3)?.transactions == [third, fourth])
    }

    @Test(arguments: TestDatabase.available) func restartRefusesADatabaseWhoseAccountsDisagreeWithItsBlocks(_ backend: TestDatabase) async throws {
        let database = try backend.fresh()
        let store = try DatabaseStore(database)
        let (keeper, _) = try await Fixture.node(store)
        try await Fixture.accept(Fixture.deposit(Fixture.alice, 1_000, sequence: 1), keeper, store)
        let block = try #require(await keeper.tick().blocks.first)
        try store.markVerified(block: 1, writes: Fixture.writes(of: block))
        let connection = try database.connect()
        try connection.run("UPDATE accounts SET balance = '999' WHERE id = 1")
        await #expect {
            _ = try await Fixture.node(try DatabaseStore(database))
        } throws: { error in
            guard case StateRestorer.Failure.rootMismatch(let block, _, _) = error else { return false }
            return block == 1 && String(describing: error).contains("block 1")
        }
    }
}
