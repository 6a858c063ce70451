import Foundation
import TestSupport
import Storage

/// The databases the store's suites run against: SQLite always, and
/// PostgreSQL when `ROLLUP_TEST_POSTGRES` names a server
/// (`postgres://USER@HOST:PORT/DB`, a database the user may create others
/// from). `make test` starts a throwaway cluster for its PostgreSQL run
/// (scripts/with-postgres.sh), which sets it and `ROLLUP_REQUIRE_POSTGRES`,
/// under which a missing server fails the run instead of leaving
/// PostgreSQL untested.
public enum TestDatabase: String, CaseIterable, Sendable {
    case sqlite
    case postgres

    /// The administrative address from the environment, if any.
    public static var server: PostgresAddress? {
        ProcessInfo.processInfo.environment["ROLLUP_TEST_POSTGRES"].flatMap { try? PostgresAddress(url: $0) }
    }

    /// Whether the run must include PostgreSQL.
    public static var postgresRequired: Bool { ProcessInfo.processInfo.environment["ROLLUP_REQUIRE_POSTGRES"] == "1" }

    /// The backends to run a parameterized test on: `ROLLUP_TEST_BACKENDS`
    /// (a comma-separated list) when set, else SQLite, and PostgreSQL too
    /// when a server is given or required. `make test` runs the whole suite
    /// on SQLite, then the store's suites on PostgreSQL alone, so that the
    /// two runs do not crowd the machine together.
    public static var available: [TestDatabase] {
        if let chosen = ProcessInfo.processInfo.environment["ROLLUP_TEST_BACKENDS"] {
            do { return try backends(named: chosen) } catch {
                // A typo must not turn every parameterized store test into zero cases that pass.
                fatalError("ROLLUP_TEST_BACKENDS: \(error)")
            }
        }
        return server != nil || postgresRequired ? allCases : [.sqlite]
    }

    /// The backends a comma-separated list names; an unknown or empty name
    /// is an error, and so is an empty list.
    public static func backends(named list: String) throws -> [TestDatabase] {
        let names = list.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let backends = try names.map { name in
            guard let backend = TestDatabase(rawValue: name) else { throw UnknownBackend(name: name) }
            return backend
        }
        return backends
    }

    /// A new, empty database: a file in a scratch directory, or a database
    /// created on the test server (named after this process, so that a
    /// run's databases are easy to find and drop).
    public func fresh() throws -> DatabaseLocation {
        switch self {
        case .sqlite:
            return .sqlite(path: try ScratchDirectory.make("rollup-store").appendingPathComponent("rollup.sqlite").path)
        case .postgres:
            guard let server = Self.server else { throw ServerMissing() }
            let name = Self.counter.withLock { count -> String in
                count += 1
                return "rollup_test_\(getpid())_\(count)"
            }
            return .postgres(try PostgresSession.createDatabase(name, on: server))
        }
    }

    private static let counter = Locked(0)
}

/// A backend name that is not one of ``TestDatabase``'s.
public struct UnknownBackend: Error, CustomStringConvertible {
    public let name: String

    public var description: String {
        "unknown backend \"\(name)\": name one or more of \(TestDatabase.allCases.map(\.rawValue).joined(separator: ", ")), separated by commas"
    }
}

/// Why a PostgreSQL test could not run.
public struct ServerMissing: Error, CustomStringConvertible {
    public var description: String {
        "ROLLUP_REQUIRE_POSTGRES is set but ROLLUP_TEST_POSTGRES names no server: run the tests with `make test` "
            + "(scripts/with-postgres.sh starts one), or set ROLLUP_TEST_POSTGRES=postgres://USER@HOST:PORT/DB"
    }
}

/// A value behind a lock.
public final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    public init(_ value: Value) { self.value = value }

    public func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
