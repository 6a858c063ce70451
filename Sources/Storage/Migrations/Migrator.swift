import Foundation

/// Applies migrations in order, each in its own database transaction, and
/// records each in `schema_migrations` (version, name, applied_at).
public struct Migrator: Sendable {
    public let migrations: [Migration]

    /// Why a database's schema cannot be brought up to date.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// The database records a migration this binary does not know: it was made by a newer version.
        case unknownVersion(Int)
        /// A recorded migration's name differs from this binary's.
        case mismatch(version: Int, recorded: String, expected: String)
        /// After a migration, a row of `table` refers to a row that is not there.
        case foreignKeys(version: Int, table: String)

        public var description: String {
            switch self {
            case .unknownVersion(let version):
                return "the database has migration \(version), which this rollup binary does not know; use the newer binary that made it"
            case .mismatch(let version, let recorded, let expected):
                return "the database's migration \(version) is '\(recorded)', this binary's is '\(expected)': they are different schemas"
            case .foreignKeys(let version, let table):
                return "migration \(version) would leave rows of \(table) referring to rows that are not there; the database is left as it was"
            }
        }
    }

    public init(migrations: [Migration] = Migration.all) {
        self.migrations = migrations
    }

    /// The versions already applied.
    public func appliedVersions(_ connection: any DatabaseConnection) throws -> [Int] {
        try createLedger(connection)
        return try connection.rows("SELECT version FROM schema_migrations ORDER BY version").map { Int($0.integer(0)) }
    }

    private func createLedger(_ connection: any DatabaseConnection) throws {
        try connection.execute("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)
            """)
    }

    /// The versions this binary knows that the database has not applied,
    /// found without writing anything (a prover's role may not create the
    /// ledger table); a database that records a version this binary does
    /// not know is refused.
    public func missingVersions(_ connection: any DatabaseConnection) throws -> [Int] {
        let ledger = connection.dialect == .sqlite
            ? "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
            : "SELECT 1 FROM information_schema.tables WHERE table_name = 'schema_migrations'"
        guard try connection.row(ledger) != nil else { return migrations.map(\.version) }
        let recorded = Set(try connection.rows("SELECT version FROM schema_migrations").map { Int($0.integer(0)) })
        if let unknown = recorded.subtracting(migrations.map(\.version)).min() { throw Failure.unknownVersion(unknown) }
        return migrations.map(\.version).filter { !recorded.contains($0) }
    }

    /// Applies every migration not yet applied (up to `target`, when
    /// given), each in its own transaction that first takes the dialect's
    /// migration lock and looks at the ledger again, so that processes
    /// starting together apply each once; returns the versions it applied.
    @discardableResult
    public func migrate(_ connection: any DatabaseConnection, upTo target: Int? = nil) throws -> [Int] {
        try connection.transaction {
            if let lock = connection.dialect.migrationLock { try connection.run(lock) }
            try createLedger(connection)
        }
        let recorded = try connection.rows("SELECT version, name FROM schema_migrations ORDER BY version")
        let known = Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0.name) })
        for row in recorded {
            let version = Int(row.integer(0))
            guard let name = known[version] else { throw Failure.unknownVersion(version) }
            if name != row.text(1) { throw Failure.mismatch(version: version, recorded: row.text(1) ?? "", expected: name) }
        }
        var applied = [Int]()
        // SQLite cannot drop a constraint: a migration rebuilds such a table
        // (a new one, the rows copied, the old one dropped, the new one
        // renamed), which its foreign keys would refuse mid-way. So SQLite
        // migrates with them off, as SQLite's documented procedure does, and
        // checks them all before each migration commits.
        if connection.dialect == .sqlite { try connection.execute("PRAGMA foreign_keys = OFF") }
        defer { if connection.dialect == .sqlite { try? connection.execute("PRAGMA foreign_keys = ON") } }
        for migration in migrations where migration.version <= (target ?? .max) {
            let didApply = try connection.transaction {
                if let lock = connection.dialect.migrationLock { try connection.run(lock) }
                guard try connection.row(
                    "SELECT 1 FROM schema_migrations WHERE version = ?", [.integer(Int64(migration.version))]) == nil
                else { return false }
                try connection.execute(migration.sql(for: connection.dialect))
                if connection.dialect == .sqlite, let broken = try connection.row("PRAGMA foreign_key_check") {
                    throw Failure.foreignKeys(version: migration.version, table: broken.text(0) ?? "?")
                }
                try connection.run(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    [.integer(Int64(migration.version)), .text(migration.name), .integer(UnixTime.milliseconds())])
                return true
            }
            if didApply { applied.append(migration.version) }
        }
        return applied
    }
}
