/// One numbered schema change from migrations/: the SQL both databases run,
/// or, where PostgreSQL's differs (its column types), its own file of the
/// same number and name in migrations/postgres/.
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

    /// A migration from its files' bytes.
    init(version: Int, name: String, _ sql: [UInt8], postgres: [UInt8]? = nil) {
        self.init(version: version, name: name, sql: String(decoding: sql, as: UTF8.self), postgresSQL: postgres.map { String(decoding: $0, as: UTF8.self) })
    }

    /// Every migration, in order: the files of migrations/, which the build
    /// embeds in the binary (resources of this target, through the links
    /// Resources/migrations and, for PostgreSQL's own files,
    /// Resources/postgres_<file>). A new migration is its file, its line here
    /// and, when PostgreSQL needs its own SQL, that file's link.
    public static let all: [Migration] = [
        Migration(version: 1, name: "rollup_state", PackageResources._001_rollup_state_sql, postgres: PackageResources.postgres_0001_rollup_state_sql),
        Migration(version: 2, name: "prover_coordination", PackageResources._002_prover_coordination_sql, postgres: PackageResources.postgres_0002_prover_coordination_sql),
        Migration(version: 3, name: "account_updates_without_roots", PackageResources._003_account_updates_without_roots_sql),
        Migration(version: 4, name: "chain_timeout", PackageResources._004_chain_timeout_sql),
        Migration(version: 5, name: "chain_id_and_deposit_authority", PackageResources._005_chain_id_and_deposit_authority_sql, postgres: PackageResources.postgres_0005_chain_id_and_deposit_authority_sql),
        Migration(version: 6, name: "prover_flags_by_worker", PackageResources._006_prover_flags_by_worker_sql),
        Migration(version: 7, name: "key_setups", PackageResources._007_key_setups_sql),
        Migration(version: 8, name: "prover_roles", PackageResources._008_prover_roles_sql, postgres: PackageResources.postgres_0008_prover_roles_sql),
        Migration(version: 9, name: "block_types", PackageResources._009_block_types_sql, postgres: PackageResources.postgres_0009_block_types_sql),
        Migration(version: 10, name: "l1_binding", PackageResources._010_l1_binding_sql),
    ]
}
