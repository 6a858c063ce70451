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

    /// Who failed a run `f` of `prover_runs`, for counting the different
    /// workers that failed a block. On PostgreSQL a run records the role
    /// that inserted it (migrations/0008): a prover's role counts once,
    /// whatever names it gives its workers; runs of the table's owner (the
    /// node, or provers the operator runs with its role) count by worker
    /// name. On SQLite, whose writers are the operator's, by name.
    var runWorker: String {
        switch self {
        case .sqlite: return "f.prover"
        case .postgres:
            return """
                CASE WHEN f.db_role = (SELECT tableowner::text FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'prover_runs') \
                THEN f.prover ELSE 'role ' || f.db_role END
                """
        }
    }
}
