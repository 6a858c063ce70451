/// One connection to the store's database, SQLite or PostgreSQL, used by
/// one thread at a time. Statements are written once for both: parameters
/// are `?` in order or `?1`, `?2`… by number (a PostgreSQL connection
/// renumbers them as `$1`, `$2`…), and the SQL is the part the two
/// dialects share (`INSERT … ON CONFLICT`, `RETURNING`); where they differ,
/// ``SQLDialect`` says how.
public protocol DatabaseConnection: AnyObject {
    /// The dialect its database speaks.
    var dialect: SQLDialect { get }
    /// Runs one or more statements that return no rows (a migration).
    func execute(_ sql: String) throws
    /// Runs a statement that returns no rows; the number of rows it changed.
    @discardableResult
    func run(_ sql: String, _ values: [DatabaseValue]) throws -> Int
    /// Every row of a query.
    func rows(_ sql: String, _ values: [DatabaseValue]) throws -> [DatabaseRow]
    /// Runs `body` in one transaction: committed when it returns, rolled
    /// back when it throws. A writing transaction takes the database's
    /// write lock at once where the dialect has one (SQLite); a reading one
    /// sees one consistent snapshot.
    func transaction<T>(writing: Bool, _ body: () throws -> T) throws -> T
    /// Whether the connection is lost (the server went away) and must be
    /// replaced before the next statement.
    var isLost: Bool { get }
}

extension DatabaseConnection {
    @discardableResult
    public func run(_ sql: String) throws -> Int { try run(sql, []) }

    public func rows(_ sql: String) throws -> [DatabaseRow] { try rows(sql, []) }

    /// The first row of a query, if any.
    public func row(_ sql: String, _ values: [DatabaseValue] = []) throws -> DatabaseRow? { try rows(sql, values).first }

    /// Runs `body` in one writing transaction.
    public func transaction<T>(_ body: () throws -> T) throws -> T { try transaction(writing: true, body) }
}

/// A failure of the database itself (not of the store's rules), from
/// either backend.
public protocol DatabaseFailure: Error, CustomStringConvertible {
    /// A uniqueness or check constraint refused the write.
    var isConstraintViolation: Bool { get }
    /// The database could not be reached, or the connection broke: the
    /// operation may succeed once it is back.
    var isUnavailable: Bool { get }
}
