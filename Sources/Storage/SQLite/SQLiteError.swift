/// A failure reported by SQLite, with the statement that caused it.
public struct SQLiteError: Error, Equatable, CustomStringConvertible {
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
}
