import Algebra
import Foundation
import Primitives
import RollupTypes

/// The embedded store: one SQLite file in WAL mode, one writer connection
/// (behind a lock) and a pool of reader connections, so reads never wait
/// for the writer. Other processes (prover workers) may open the same file;
/// SQLite's busy timeout queues their writes.
public final class SQLiteStore: RollupStore, @unchecked Sendable {
    public let path: String
    let writer: SQLiteConnection
    private let writerLock = NSLock()
    private var idleReaders = [SQLiteConnection]()
    private let readerLock = NSLock()

    /// Opens the database at `path` (created if missing) and applies every
    /// migration not yet applied.
    public init(path: String) throws {
        self.path = path
        writer = try SQLiteConnection(path: path)
        try Migrator().migrate(writer)
    }

    /// Runs `body` with the writer connection, alone.
    func write<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        writerLock.lock()
        defer { writerLock.unlock() }
        return try body(writer)
    }

    /// Runs `body` in one write transaction.
    func writeTransaction<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        try write { connection in try connection.transaction { try body(connection) } }
    }

    /// Runs `body` with a reader connection (WAL: it sees the last commit).
    func read<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        readerLock.lock()
        let pooled = idleReaders.popLast()
        readerLock.unlock()
        let connection = try pooled ?? SQLiteConnection(path: path)
        defer {
            readerLock.lock()
            idleReaders.append(connection)
            readerLock.unlock()
        }
        return try body(connection)
    }

    public func configuration() throws -> ChainConfiguration? {
        try read { connection in
            guard let row = try connection.row("""
                SELECT tree_depth, transfer_block_size, deposit_block_size, exit_block_size, operator_key, bridge_public_key,
                       transfer_block_timeout_ms
                FROM server_config WHERE id = 1
                """)
            else { return nil }
            let key: EdDSAPublicKey
            do { key = try EdDSAPublicKey(packed: row.blob(4) ?? []) } catch {
                throw StorageError.corrupt("server_config.operator_key: \(error)")
            }
            let parameters: ChainParameters
            do {
                parameters = try ChainParameters(
                    treeDepth: Int(row.integer(0)),
                    blockSizes: [.transfer: Int(row.integer(1)), .deposit: Int(row.integer(2)), .exit: Int(row.integer(3))],
                    transferBlockTimeout: row.optionalInteger(6).map { .milliseconds($0) } ?? ChainParameters.production.transferBlockTimeout)
            } catch {
                throw StorageError.corrupt("server_config: \(error)")
            }
            return ChainConfiguration(parameters: parameters, operatorKey: key, bridgePublicKey: row.blob(5))
        }
    }

    public func initialize(_ configuration: ChainConfiguration) throws {
        let timeout = Int64(configuration.parameters.transferBlockTimeout / .milliseconds(1))
        if let existing = try self.configuration() {
            guard existing.isCompatible(with: configuration) else {
                throw StorageError.configurationMismatch("stored \(Self.summary(existing)), asked \(Self.summary(configuration))")
            }
            if existing.parameters.transferBlockTimeout != configuration.parameters.transferBlockTimeout {
                try writeTransaction { connection in
                    try connection.run("UPDATE server_config SET transfer_block_timeout_ms = ? WHERE id = 1", [.integer(timeout)])
                }
            }
            return
        }
        let parameters = configuration.parameters
        try writeTransaction { connection in
            try connection.run("""
                INSERT INTO server_config (id, tree_depth, transfer_block_size, deposit_block_size, exit_block_size, operator_key, bridge_public_key,
                                           transfer_block_timeout_ms)
                VALUES (1, ?, ?, ?, ?, ?, ?, ?)
                """, [.integer(Int64(parameters.treeDepth)), .integer(Int64(parameters.slots(.transfer))),
                      .integer(Int64(parameters.slots(.deposit))), .integer(Int64(parameters.slots(.exit))),
                      .blob(configuration.operatorKey.packed), configuration.bridgePublicKey.map { .blob($0) } ?? .null, .integer(timeout)])
            try connection.run(
                "INSERT INTO accounts (id, public_key, balance, nonce, verified_block) VALUES (0, ?, '0', 0, 0)",
                [.blob(StoredAccount.encodeKey(configuration.operatorKey))])
        }
    }

    public func bindKeys(_ hashes: [BlockType: String]) throws {
        try writeTransaction { connection in
            for (type, hash) in hashes.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                let column = "\(type.rawValue)_key_hash"
                guard let row = try connection.row("SELECT \(column) FROM server_config WHERE id = 1") else {
                    throw StorageError.corrupt("server_config has no row: start the node once to create the chain")
                }
                guard let bound = row.text(0) else {
                    try connection.run("UPDATE server_config SET \(column) = ? WHERE id = 1", [.text(hash)])
                    continue
                }
                guard bound == hash else { throw StorageError.keyMismatch(type: type, bound: bound, offered: hash) }
            }
        }
    }

    static func summary(_ c: ChainConfiguration) -> String {
        "\(c.parameters.shapeSummary), operator key 0x\(c.operatorKey.packed.hexString), bridge key \(c.bridgePublicKey.map { "0x" + $0.hexString } ?? "none")"
    }
}
