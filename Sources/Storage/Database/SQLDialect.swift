/// Where the store's SQL differs between its two databases.
public enum SQLDialect: String, Sendable, CaseIterable {
    case sqlite
    case postgres

    /// Appended to the query that picks a block to claim. PostgreSQL locks
    /// the chosen block's row and skips rows other workers hold, so that
    /// concurrent claims on several machines never wait on each other (a
    /// no-key lock, so that it does not wait for the key-share locks that
    /// inserting runs and proofs of that block take); SQLite serializes
    /// every writing transaction anyway.
    var claimLock: String {
        switch self {
        case .sqlite: return ""
        case .postgres: return "FOR NO KEY UPDATE OF b SKIP LOCKED"
        }
    }

    /// The statement that opens a migration's transaction. PostgreSQL takes
    /// a transaction-scoped advisory lock, so that a node and its provers
    /// starting at once apply each migration once; SQLite's writing
    /// transaction already excludes other writers.
    var migrationLock: String? {
        switch self {
        case .sqlite: return nil
        case .postgres: return "SELECT pg_advisory_xact_lock(8042001)"
        }
    }

    /// The database's clock in Unix milliseconds, as a query. Leases are
    /// timed by the database's clock, because the machines of a fleet keep
    /// different times; SQLite is on the machine that asks.
    var clockQuery: String? {
        switch self {
        case .sqlite: return nil
        case .postgres: return "SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint"
        }
    }
}
