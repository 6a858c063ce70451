import Algebra
import Foundation
import Primitives
import RollupTypes
import Support

/// The node's store, on either database behind the same SQL
/// (``DatabaseConnection``): SQLite, the embedded default, one file in WAL
/// mode; or a PostgreSQL server that provers on other machines share.
///
/// One writer connection (behind a lock) and a pool of reader connections,
/// so reads never wait for the writer. Other processes (prover workers) may
/// open the same database: SQLite's busy timeout queues their writes,
/// PostgreSQL's row locks keep their claims apart. A PostgreSQL connection
/// that breaks is replaced at the next operation; while the server is away
/// operations throw a failure whose ``DatabaseFailure/isUnavailable`` is
/// true, and nothing is half-written (every write is one transaction).
public final class DatabaseStore: RollupStore, @unchecked Sendable {
    public let location: DatabaseLocation
    private var writer: (any DatabaseConnection)?
    private let writerLock = NSLock()
    private var idleReaders = [any DatabaseConnection]()
    private let readerLock = NSLock()

    /// Opens the database (an SQLite file is created if missing) and
    /// applies every migration not yet applied; with `migrating` false (a
    /// prover, whose role may not change the schema) it only checks that
    /// none is missing.
    public init(_ location: DatabaseLocation, migrating: Bool = true) throws {
        self.location = location
        let writer = try location.connect()
        if migrating {
            try Migrator().migrate(writer)
        } else {
            let missing = try Migrator().missingVersions(writer)
            guard missing.isEmpty else { throw StorageError.schemaBehind(missing) }
        }
        self.writer = writer
    }

    /// Opens (creating if needed) the SQLite database at `path`.
    public convenience init(path: String) throws {
        try self.init(.sqlite(path: path))
    }

    /// Set when an operation failed for want of the database, cleared when
    /// one succeeds.
    private var away = false
    private let awayLock = NSLock()

    public var isAvailable: Bool {
        awayLock.lock()
        defer { awayLock.unlock() }
        return !away
    }

    /// Runs `body`, noting whether the database answered.
    private func noting<T>(_ body: () throws -> T) throws -> T {
        do {
            let result = try body()
            awayLock.lock()
            away = false
            awayLock.unlock()
            return result
        } catch let failure as any DatabaseFailure where failure.isUnavailable {
            awayLock.lock()
            away = true
            awayLock.unlock()
            throw failure
        }
    }

    /// Runs `body` with the writer connection, alone; a lost connection is
    /// replaced first.
    func write<T>(_ body: (any DatabaseConnection) throws -> T) throws -> T {
        writerLock.lock()
        defer { writerLock.unlock() }
        return try noting {
            if writer?.isLost ?? true { writer = nil }
            let connection = try writer ?? location.connect()
            writer = connection
            return try body(connection)
        }
    }

    /// Runs `body` in one write transaction.
    @discardableResult
    func writeTransaction<T>(_ body: (any DatabaseConnection) throws -> T) throws -> T {
        try write { connection in try connection.transaction { try body(connection) } }
    }

    /// Runs `body` with a reader connection (it sees the last commit).
    func read<T>(_ body: (any DatabaseConnection) throws -> T) throws -> T {
        readerLock.lock()
        let pooled = idleReaders.popLast()
        readerLock.unlock()
        return try noting {
            let connection = try pooled.flatMap { $0.isLost ? nil : $0 } ?? location.connect()
            defer {
                if !connection.isLost {
                    readerLock.lock()
                    idleReaders.append(connection)
                    readerLock.unlock()
                }
            }
            return try body(connection)
        }
    }

    /// The chain of `server_config`, its chain id derived again and
    /// compared with the one recorded.
    public func configuration() throws -> ChainConfiguration? {
        try read { connection in try Self.configuration(connection) }
    }

    static func configuration(_ connection: any DatabaseConnection) throws -> ChainConfiguration? {
        guard let row = try connection.row("""
            SELECT tree_depth, operator_key, bridge_public_key, transfer_block_timeout_ms, chain_salt, chain_id, l1_chain_id, l1_rollup
            FROM server_config WHERE id = 1
            """)
        else { return nil }
        let key: EdDSAPublicKey
        do { key = try EdDSAPublicKey(packed: row.blob(1) ?? []) } catch {
            throw StorageError.corrupt("server_config.operator_key: \(error)")
        }
        var blockSizes = [BlockType: Int]()
        for type in try connection.rows("SELECT name, slots FROM block_types ORDER BY name") {
            blockSizes[try Self.blockType(type.text(0), in: "block_types")] = Int(type.integer(1))
        }
        let parameters: ChainParameters
        do {
            parameters = try ChainParameters(
                treeDepth: Int(row.integer(0)), blockSizes: blockSizes,
                fullBlockTimeout: row.optionalInteger(3).map { .milliseconds($0) } ?? ChainParameters.production.fullBlockTimeout)
        } catch {
            throw StorageError.corrupt("server_config and block_types: \(error)")
        }
        guard let salt = row.blob(4), let bridge = row.blob(2), let recorded = row.text(5) else { throw StorageError.chainWithoutID }
        let chain: ChainConfiguration
        do {
            chain = try ChainConfiguration(
                parameters: parameters, operatorKey: key, bridgePublicKey: bridge, salt: salt, l1Binding: try Self.l1Binding(row.text(6), row.text(7)))
        } catch {
            throw StorageError.corrupt("server_config: \(error)")
        }
        guard chain.chainID.description == recorded else {
            let from = chain.l1Binding == nil ? "the chain's genesis, keys and salt derive" : "the chain's genesis, keys, salt and L1 binding derive"
            throw StorageError.corrupt("server_config.chain_id is \(recorded), but \(from) \(chain.chainID)")
        }
        return chain
    }

    public func initialize(_ configuration: ChainConfiguration) throws {
        let timeout = Int64(configuration.parameters.fullBlockTimeout / .milliseconds(1))
        if let existing = try self.configuration() {
            guard existing.isCompatible(with: configuration) else {
                throw StorageError.configurationMismatch("stored \(Self.summary(existing)), asked \(Self.summary(configuration))")
            }
            if existing.parameters.fullBlockTimeout != configuration.parameters.fullBlockTimeout {
                try writeTransaction { connection in
                    try connection.run("UPDATE server_config SET transfer_block_timeout_ms = ? WHERE id = 1", [.integer(timeout)])
                }
            }
            return
        }
        let parameters = configuration.parameters
        try writeTransaction { connection in
            try connection.run("""
                INSERT INTO server_config (id, tree_depth, operator_key, bridge_public_key, transfer_block_timeout_ms, chain_salt, chain_id, l1_chain_id, l1_rollup)
                VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [.integer(Int64(parameters.treeDepth)), .blob(configuration.operatorKey.packed), .blob(configuration.bridgePublicKey),
                      .integer(timeout), .blob(configuration.salt), .text(configuration.chainID.description),
                      configuration.l1Binding.map { .text(String($0.l1ChainID)) } ?? .null, configuration.l1Binding.map { .text($0.rollupHex) } ?? .null])
            for type in BlockType.allCases {
                try connection.run("INSERT INTO block_types (name, slots) VALUES (?, ?)", [.text(type.rawValue), .integer(Int64(parameters.slots(type)))])
            }
            try connection.run(
                "INSERT INTO accounts (id, public_key, balance, nonce, verified_block) VALUES (0, ?, '0', 0, 0)",
                [.blob(StoredAccount.encodeKey(configuration.operatorKey))])
        }
    }

    public func bindKeys(_ hashes: [BlockType: String]) throws {
        try writeTransaction { connection in
            for (type, hash) in hashes.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                guard let bound = try Self.boundKey(type, connection) else {
                    try connection.run("UPDATE block_types SET key_hash = ? WHERE name = ?", [.text(hash), .text(type.rawValue)])
                    continue
                }
                guard bound == hash else { throw StorageError.keyMismatch(type: type, bound: bound, offered: hash) }
            }
        }
    }

    /// The key hash `type` is bound to; nil if none is bound yet.
    private static func boundKey(_ type: BlockType, _ connection: any DatabaseConnection) throws -> String? {
        guard let row = try connection.row("SELECT key_hash FROM block_types WHERE name = ?", [.text(type.rawValue)]) else {
            throw StorageError.corrupt("block_types has no row for \(type): start the node once to create the chain")
        }
        return row.text(0)
    }

    public func recordKeySetups(_ setups: [BlockType: KeySetup]) throws {
        try writeTransaction { connection in
            for (type, setup) in setups.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                guard let row = try connection.row("SELECT setup FROM block_types WHERE name = ?", [.text(type.rawValue)]) else {
                    throw StorageError.corrupt("block_types has no row for \(type): start the node once to create the chain")
                }
                if let recorded = row.text(0) {
                    guard recorded == setup.rawValue else {
                        throw StorageError.setupMismatch(type: type, recorded: KeySetup(rawValue: recorded) ?? .development, offered: setup)
                    }
                } else {
                    try connection.run("UPDATE block_types SET setup = ? WHERE name = ?", [.text(setup.rawValue), .text(type.rawValue)])
                }
            }
        }
    }

    public func keySetups() throws -> [BlockType: KeySetup] {
        try read { connection in
            var setups = [BlockType: KeySetup]()
            for row in try connection.rows("SELECT name, setup FROM block_types WHERE setup IS NOT NULL") {
                guard let setup = row.text(1).flatMap(KeySetup.init(rawValue:)) else {
                    throw StorageError.corrupt("block_types holds an unknown setup for \(row.text(0) ?? "?")")
                }
                setups[try Self.blockType(row.text(0), in: "block_types")] = setup
            }
            return setups
        }
    }

    public func checkKeys(_ hashes: [BlockType: String]) throws {
        try read { connection in
            for (type, hash) in hashes.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                guard let bound = try Self.boundKey(type, connection) else { throw StorageError.keysNotBound(type) }
                guard bound == hash else { throw StorageError.keyMismatch(type: type, bound: bound, offered: hash) }
            }
        }
    }

    /// The registered block type a stored name is; a name the registry
    /// does not know (a row another binary, or another machine, wrote) is
    /// corrupt data, not a type.
    static func blockType(_ name: String?, in table: String) throws -> BlockType {
        guard let name, let type = BlockType(rawValue: name) else {
            throw StorageError.corrupt("\(table) holds block type \"\(name ?? "NULL")\", which this binary's registry does not know")
        }
        return type
    }

    static func summary(_ c: ChainConfiguration) -> String {
        "chain \(c.chainID) (\(c.parameters.shapeSummary), operator key 0x\(c.operatorKey.packed.hexString), bridge key 0x\(c.bridgePublicKey.hexString))"
    }
}
