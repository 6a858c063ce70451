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

    /// Why a password cannot be used.
    public struct PasswordFailure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The same database with the PostgreSQL password that the URL lacks:
    /// the first line of `file`, or else `PGPASSWORD` from `environment`,
    /// as libpq reads it. A password in both the URL and a file, or a file
    /// for an SQLite database, is refused.
    public func resolvingPassword(file: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> DatabaseLocation {
        guard case .postgres(var address) = self else {
            if file != nil { throw PasswordFailure(description: "--db-password-file is for a PostgreSQL --db, not an SQLite file") }
            return self
        }
        if let file {
            guard address.password == nil else { throw PasswordFailure(description: "the password is given twice: in --db and in --db-password-file") }
            let text: String
            do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
                throw PasswordFailure(description: "cannot read the database password file \(file): \((error as NSError).localizedDescription)")
            }
            guard let line = text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init), !line.isEmpty else {
                throw PasswordFailure(description: "the database password file \(file) is empty")
            }
            address.password = line.hasSuffix("\r") ? String(line.dropLast()) : line
        } else if address.password == nil, let password = environment["PGPASSWORD"], !password.isEmpty {
            address.password = password
        }
        return .postgres(address)
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
