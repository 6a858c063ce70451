import Foundation

/// Where a store's database is, as `--db` names it: a file path (SQLite,
/// the embedded default) or `postgres://USER[:PASSWORD]@HOST[:PORT]/DB`
/// (a PostgreSQL server, which provers on other machines can share).
public enum DatabaseLocation: Equatable, Sendable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresAddress)

    /// Reads `--db`: a `postgres://` or `postgresql://` URL, or else a path.
    public init(parsing argument: String) throws {
        if argument.hasPrefix("postgres://") || argument.hasPrefix("postgresql://") {
            self = .postgres(try PostgresAddress(url: argument))
        } else {
            guard !argument.isEmpty else { throw PostgresAddress.Failure.empty }
            self = .sqlite(path: argument)
        }
    }

    public var dialect: SQLDialect {
        switch self {
        case .sqlite: return .sqlite
        case .postgres: return .postgres
        }
    }

    /// Opens a new connection to it.
    public func connect() throws -> any DatabaseConnection {
        switch self {
        case .sqlite(let path): return try SQLiteConnection(path: path)
        case .postgres(let address): return try PostgresSession(address: address)
        }
    }

    /// The value of `--db` that names it, password included.
    public var argument: String {
        switch self {
        case .sqlite(let path): return path
        case .postgres(let address): return address.url
        }
    }

    /// How logs and messages name it: the path, or the URL without its password.
    public var description: String {
        switch self {
        case .sqlite(let path): return path
        case .postgres(let address): return address.description
        }
    }
}
