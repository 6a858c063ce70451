/// The PostgreSQL role a prover on another machine logs in with, holding
/// exactly what a prover needs (`rollup db grant-prover`): it reads the
/// chain, the blocks it proves and their witness data (`server_config`, `block_types`,
/// `blocks`, `transactions`, `account_updates`) and the schema's ledger,
/// and writes only its own coordination: its registration and heartbeats
/// (`active_provers`), its runs (`prover_runs`: new runs, and their
/// heartbeat, end and error, not `cleared_at`) and its proofs (`proofs`).
/// It cannot write blocks, accounts, account updates, transactions,
/// `server_config` or `block_types`, and owns nothing; claims lock blocks with advisory
/// locks (``SQLDialect/claimLock``), which need no table privilege.
///
/// Such a role can still delay proving (claim and never prove, store
/// proofs that do not verify, flag blocks under two names), but whatever
/// it writes, the node's committer checks every block and proof before it
/// verifies anything (docs/PROTOCOL.md, "The prover queue").
public enum ProverRole {
    /// Why a role cannot be made.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case notPostgres
        case badName(String)

        public var description: String {
            switch self {
            case .notPostgres: return "prover roles are PostgreSQL roles: --db must be a postgres:// URL (an SQLite file has no roles)"
            case .badName(let name):
                return "'\(name.prefix(80))' is not a role name this command makes: use 1 to 63 lowercase letters, digits and underscores, starting with a letter"
            }
        }
    }

    /// What the role may read.
    static let readable = ["schema_migrations", "server_config", "block_types", "blocks", "transactions", "account_updates", "proofs", "prover_runs", "active_provers"]

    /// Creates role `name` (or updates it: its rights are set anew) on the
    /// database `connection` is connected to, as a user who may create
    /// roles and grant on the rollup's tables (the database's owner), with
    /// `password` when given. Run it again after a migration adds a table.
    public static func grant(_ name: String, password: String?, on connection: any DatabaseConnection) throws {
        guard connection.dialect == .postgres else { throw Failure.notPostgres }
        guard name.count <= 63, let first = name.first, first.isLowercase, first.isASCII,
              name.allSatisfy({ ($0.isLowercase || $0.isNumber || $0 == "_") && $0.isASCII })
        else { throw Failure.badName(name) }
        guard let database = try connection.row("SELECT current_database()")?.text(0) else { throw StorageError.corrupt("the server names no current database") }
        try connection.transaction {
            if try connection.row("SELECT 1 FROM pg_roles WHERE rolname = ?", [.text(name)]) == nil {
                try connection.execute("CREATE ROLE \(name) LOGIN")
            }
            // The server quotes the password itself.
            let alter = try connection.row("SELECT format('ALTER ROLE %I WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L', ?, ?)",
                                           [.text(name), password.map { .text($0) } ?? .null])?.text(0)
            if password != nil, let alter { try connection.execute(alter) } else { try connection.execute("ALTER ROLE \(name) WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE") }
            let quotedDatabase = try connection.row("SELECT quote_ident(?)", [.text(database)])?.text(0) ?? database
            try connection.execute("""
                REVOKE ALL ON ALL TABLES IN SCHEMA public FROM \(name);
                REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM \(name);
                REVOKE CREATE ON SCHEMA public FROM \(name);
                GRANT CONNECT ON DATABASE \(quotedDatabase) TO \(name);
                GRANT USAGE ON SCHEMA public TO \(name);
                GRANT SELECT ON \(readable.joined(separator: ", ")) TO \(name);
                GRANT INSERT, UPDATE ON active_provers TO \(name);
                GRANT INSERT ON prover_runs TO \(name);
                GRANT UPDATE (heartbeat_at, finished_at, outcome, error) ON prover_runs TO \(name);
                GRANT INSERT, UPDATE ON proofs TO \(name);
                """)
            if let sequence = try connection.row("SELECT pg_get_serial_sequence('prover_runs', 'id')")?.text(0) {
                try connection.execute("GRANT USAGE ON SEQUENCE \(sequence) TO \(name)")
            }
        }
    }
}
