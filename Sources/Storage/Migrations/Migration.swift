/// One numbered schema change from migrations/ (embedded in the binary by
/// scripts/gen_migrations.py): the SQL both databases run, or, where
/// PostgreSQL's differs (its column types), its own file of the same
/// number and name in migrations/postgres/.
public struct Migration: Sendable, Equatable {
    public let version: Int
    public let name: String
    /// The SQL from migrations/ (SQLite's, and PostgreSQL's unless overridden).
    public let sql: String
    /// The SQL from migrations/postgres/, when PostgreSQL needs its own.
    public let postgresSQL: String?

    public init(version: Int, name: String, sql: String, postgresSQL: String? = nil) {
        self.version = version
        self.name = name
        self.sql = sql
        self.postgresSQL = postgresSQL
    }

    /// What a database of `dialect` runs.
    public func sql(for dialect: SQLDialect) -> String {
        switch dialect {
        case .sqlite: return sql
        case .postgres: return postgresSQL ?? sql
        }
    }

    /// Every migration, in order.
    public static var all: [Migration] { embedded }
}
