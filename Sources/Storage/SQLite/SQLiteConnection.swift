import CSQLite
import Foundation

/// One connection to an SQLite database file, set up as the store needs it:
/// WAL journal, foreign keys on, a busy timeout so that concurrent writers
/// (prover processes) wait instead of failing, and synchronous = FULL so a
/// committed transaction survives a power loss, not only a crash.
///
/// A connection is used by one thread at a time; ``DatabaseStore`` guards its
/// writer with a lock and gives each reader its own connection.
public final class SQLiteConnection: DatabaseConnection, @unchecked Sendable {
    let handle: OpaquePointer
    public let path: String

    /// Opens (creating if needed) the database at `path`.
    public init(path: String, readOnly: Bool = false, busyTimeout: Duration = .seconds(10)) throws {
        var handle: OpaquePointer?
        let flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(path, &handle, flags, nil)
        guard status == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(handle)
            throw SQLiteError(code: status, message: "cannot open \(path): \(message)", sql: nil)
        }
        self.handle = handle
        self.path = path
        sqlite3_extended_result_codes(handle, 1)
        let milliseconds = busyTimeout.components.seconds * 1000 + busyTimeout.components.attoseconds / 1_000_000_000_000_000
        sqlite3_busy_timeout(handle, Int32(clamping: milliseconds))
        if !readOnly { try execute("PRAGMA journal_mode = WAL") }
        try execute("PRAGMA foreign_keys = ON")
        try execute("PRAGMA synchronous = FULL")
    }

    deinit { sqlite3_close_v2(handle) }

    public var dialect: SQLDialect { .sqlite }

    /// A file is never lost the way a server is.
    public var isLost: Bool { false }

    /// Runs one or more statements that return no rows.
    public func execute(_ sql: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(handle, sql, nil, nil, &error)
        if status != SQLITE_OK {
            let message = error.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(error)
            throw SQLiteError(code: status, message: message, sql: sql)
        }
    }

    /// A prepared statement with `values` bound to its parameters in order.
    public func prepare(_ sql: String, _ values: [DatabaseValue]) throws -> SQLiteStatement {
        let statement = try SQLiteStatement(connection: self, sql: sql)
        try statement.bind(values)
        return statement
    }

    /// Runs a statement that returns no rows; the number of rows it changed.
    @discardableResult
    public func run(_ sql: String, _ values: [DatabaseValue]) throws -> Int {
        let statement = try prepare(sql, values)
        while try statement.step() {}
        return Int(sqlite3_changes(handle))
    }

    /// Every row of a query.
    public func rows(_ sql: String, _ values: [DatabaseValue]) throws -> [DatabaseRow] {
        let statement = try prepare(sql, values)
        var rows = [DatabaseRow]()
        while try statement.step() { rows.append(statement.row) }
        return rows
    }

    /// Runs `body` in one transaction: committed when it returns, rolled
    /// back when it throws. A writing transaction begins IMMEDIATE, taking
    /// the write lock at once, so two writers queue on the busy timeout
    /// instead of deadlocking; a reading one sees one consistent snapshot.
    public func transaction<T>(writing: Bool, _ body: () throws -> T) throws -> T {
        try execute(writing ? "BEGIN IMMEDIATE" : "BEGIN")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    func error(_ status: Int32, sql: String?) -> SQLiteError {
        SQLiteError(code: sqlite3_extended_errcode(handle), message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }
}
