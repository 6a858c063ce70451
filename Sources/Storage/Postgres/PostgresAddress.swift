import Foundation

/// A PostgreSQL server and database, from a URL
/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DB` (port 5432 by default).
/// Connections are plain TCP: run the fleet on a private network, or
/// tunnel it.
public struct PostgresAddress: Equatable, Sendable, CustomStringConvertible {
    public var user: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String

    /// Why a `--db` value names no database.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case empty
        case malformed(String, reason: String)

        public var description: String {
            switch self {
            case .empty: return "--db is empty: give a file path (SQLite) or postgres://USER@HOST:PORT/DB"
            case .malformed(let url, let reason):
                return "'\(url)' is not a PostgreSQL address (\(reason)): write postgres://USER[:PASSWORD]@HOST[:PORT]/DB"
            }
        }
    }

    public init(user: String, password: String? = nil, host: String, port: Int = 5432, database: String) {
        self.user = user
        self.password = password
        self.host = host
        self.port = port
        self.database = database
    }

    public init(url: String) throws {
        let shown = Self.redacted(url)
        guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme ?? "") else {
            throw Failure.malformed(shown, reason: "not a URL")
        }
        guard let user = components.user, !user.isEmpty else { throw Failure.malformed(shown, reason: "no user before @") }
        guard let host = components.host, !host.isEmpty else { throw Failure.malformed(shown, reason: "no host") }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else { throw Failure.malformed(shown, reason: "no database name after the host") }
        let port = components.port ?? 5432
        guard (1...65535).contains(port) else { throw Failure.malformed(shown, reason: "port \(port) is out of range") }
        guard components.query == nil, components.fragment == nil else {
            throw Failure.malformed(shown, reason: "options after ? or # are not supported")
        }
        self.init(user: user, password: components.password, host: host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")), port: port, database: database)
    }

    /// The URL without its password.
    public var description: String { url(password: password.map { _ in "***" }) }

    /// The URL, password included.
    public var url: String { url(password: password) }

    private func url(password: String?) -> String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        let user = self.user.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed) ?? self.user
        let secret = password.map { ":" + ($0.addingPercentEncoding(withAllowedCharacters: .urlPasswordAllowed) ?? $0) } ?? ""
        return "postgres://\(user)\(secret)@\(shownHost):\(port)/\(database)"
    }

    /// A URL as messages may show it, its password masked.
    static func redacted(_ url: String) -> String {
        guard let at = url.lastIndex(of: "@"), let scheme = url.range(of: "://"), scheme.upperBound < at,
              let colon = url[scheme.upperBound..<at].firstIndex(of: ":")
        else { return url }
        return String(url[..<url.index(after: colon)]) + "***" + String(url[at...])
    }
}
