/// A failure reported by SQLite, with the statement that caused it.
public struct SQLiteError: DatabaseFailure, Equatable {
    /// SQLite's extended result code.
    public let code: Int32
    public let message: String
    /// The SQL being run, if any.
    public let sql: String?

    public var description: String {
        "SQLite error \(code): \(message)" + (sql.map { " (while running: \($0.prefix(200)))" } ?? "")
    }

    /// Whether the failure is a constraint violation (a duplicate key, say).
    public var isConstraintViolation: Bool { code & 0xFF == 19 }

    /// Whether another writer held the database past the busy timeout
    /// (SQLITE_BUSY or SQLITE_LOCKED): a later attempt may succeed.
    public var isUnavailable: Bool { code & 0xFF == 5 || code & 0xFF == 6 }
}
