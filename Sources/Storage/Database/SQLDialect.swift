/// Where the store's SQL differs between its two databases.
public enum SQLDialect: String, Sendable, CaseIterable {
    case sqlite
    case postgres

    /// The query that locks a block a worker is about to claim, until its
    /// transaction ends, answering whether it got the lock; nil where no
    /// lock is needed. PostgreSQL takes a transaction-scoped advisory lock
    /// keyed by the block number (its low 31 bits), without waiting: a
    /// worker whose lock is taken tries the next block, so concurrent
    /// claims on several machines never wait on each other. An advisory
    /// lock needs no privilege on any table, so a prover's role locks
    /// blocks it may not write. SQLite serializes every writing transaction
    /// anyway.
    var claimLock: String? {
        switch self {
        case .sqlite: return nil
        case .postgres: return "SELECT pg_try_advisory_xact_lock(8042002, CAST(? AS INTEGER))"
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
