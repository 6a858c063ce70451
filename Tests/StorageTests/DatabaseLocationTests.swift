import Storage
import Testing

/// `--db` as users write it: paths, PostgreSQL URLs, and clear refusals,
/// with passwords kept out of what is printed.
struct DatabaseLocationTests {
    @Test func pathsAndURLsAreTold() throws {
        #expect(try DatabaseLocation(parsing: "data/rollup.sqlite") == .sqlite(path: "data/rollup.sqlite"))
        let full = try DatabaseLocation(parsing: "postgres://rollup:s3cret@10.0.0.2:6543/chain")
        #expect(full == .postgres(PostgresAddress(user: "rollup", password: "s3cret", host: "10.0.0.2", port: 6543, database: "chain")))
        #expect(full.description == "postgres://rollup:***@10.0.0.2:6543/chain")
        #expect(full.argument == "postgres://rollup:s3cret@10.0.0.2:6543/chain")
        #expect(try DatabaseLocation(parsing: "postgresql://prover@db/rollup") == .postgres(PostgresAddress(user: "prover", host: "db", database: "rollup")))
        #expect(full.dialect == .postgres && DatabaseLocation.sqlite(path: "x").dialect == .sqlite)
    }

    @Test func malformedAddressesAreRefusedWithoutTheirPassword() {
        for (url, reason) in [
            ("postgres://db:5432/rollup", "no user"),
            ("postgres://rollup@db:5432", "no database"),
            ("postgres://rollup:pw@db:5432/rollup?sslmode=require", "options"),
            ("postgres://rollup@db:99999/rollup", "is not a PostgreSQL address"),
        ] {
            #expect {
                try DatabaseLocation(parsing: url)
            } throws: { error in
                let message = String(describing: error)
                return message.contains(reason) && !message.contains(":pw@") && message.contains("postgres://USER")
            }
        }
        #expect(throws: PostgresAddress.Failure.empty) { try DatabaseLocation(parsing: "") }
    }
}
