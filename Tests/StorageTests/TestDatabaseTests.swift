import StorageTesting
import Testing

/// `ROLLUP_TEST_BACKENDS`: a typo must fail the run, not turn every
/// parameterized store test into zero cases that pass.
struct TestDatabaseTests {
    @Test func knownNamesAreTheirBackends() throws {
        #expect(try TestDatabase.backends(named: "sqlite") == [.sqlite])
        #expect(try TestDatabase.backends(named: "sqlite,postgres") == [.sqlite, .postgres])
        #expect(try TestDatabase.backends(named: "postgres, sqlite") == [.postgres, .sqlite])
    }

    @Test(arguments: ["sqlit", "", "sqlite,", "sqlite,pg", "SQLite"])
    func anUnknownNameIsAnError(list: String) {
        #expect(throws: UnknownBackend.self) { try TestDatabase.backends(named: list) }
    }
}
