import PostgresNIO

/// A failure reported by PostgreSQL or by the connection to it, with the
/// server's message (postgres-nio's own description hides it) and the
/// statement that caused it.
public struct PostgresFailure: DatabaseFailure, Equatable {
    /// The server's SQLSTATE (for example 23505, a unique violation), or
    /// nil when the connection failed before the server answered.
    public let sqlState: String?
    public let message: String
    /// The SQL being run, if any.
    public let sql: String?
    /// The connection is gone (refused, reset, closed by the server).
    public let connectionLost: Bool

    init(_ error: any Error, sql: String?) {
        self.sql = sql
        guard let error = error as? PSQLError else {
            sqlState = nil
            message = String(describing: error)
            connectionLost = true
            return
        }
        sqlState = error.serverInfo?[.sqlState]
        if let serverMessage = error.serverInfo?[.message] {
            message = serverMessage + (error.serverInfo?[.detail].map { " (\($0))" } ?? "")
        } else {
            message = "\(error.code)" + (error.underlying.map { ": \($0)" } ?? "")
        }
        connectionLost = error.code != .server && error.code != .queryCancelled && error.code != .tooManyParameters
            || (sqlState?.hasPrefix("08") ?? false) || (sqlState?.hasPrefix("57P") ?? false)
    }

    init(message: String, sql: String?, unavailable: Bool = false) {
        sqlState = nil
        self.message = message
        self.sql = sql
        connectionLost = unavailable
    }

    public var description: String {
        "PostgreSQL error\(sqlState.map { " \($0)" } ?? ""): \(message)" + (sql.map { " (while running: \($0.prefix(200)))" } ?? "")
    }

    /// Class 23: integrity constraint violation.
    public var isConstraintViolation: Bool { sqlState?.hasPrefix("23") ?? false }

    /// The server is away or going away, or refuses connections for now
    /// (class 08 connection exception, 57P shutdown, 53 insufficient
    /// resources), or the connection broke.
    public var isUnavailable: Bool {
        connectionLost || ["08", "57P", "53"].contains { sqlState?.hasPrefix($0) ?? false }
    }
}
