import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PostgresNIO

/// One connection to a PostgreSQL server, with the store's synchronous
/// interface. Statements run on postgres-nio's event loops (NIO's shared
/// group); the calling thread waits for their result, as it waits for
/// SQLite's. Results come back in binary format and are read into
/// ``DatabaseValue``s: integers of any width, booleans (as 0 and 1), text
/// and bytea.
public final class PostgresSession: DatabaseConnection, @unchecked Sendable {
    let connection: PostgresConnection
    let logger: Logger
    public let address: PostgresAddress
    private let lost = NIOLockedValueBox(false)

    private static let nextID = NIOLockedValueBox(1)

    /// Connects, giving up after `timeout`.
    public init(address: PostgresAddress, timeout: Duration = .seconds(5)) throws {
        self.address = address
        var logger = Logger(label: "rollup.postgres")
        logger.logLevel = .critical
        self.logger = logger
        var configuration = PostgresConnection.Configuration(
            host: address.host, port: address.port, username: address.user, password: address.password, database: address.database, tls: .disable)
        configuration.options.connectTimeout = .milliseconds(Int64(timeout / .milliseconds(1)))
        do {
            connection = try PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration,
                id: Self.nextID.withLockedValue { id in defer { id += 1 }; return id }, logger: logger
            ).wait()
        } catch {
            let failure = PostgresFailure(error, sql: nil)
            throw PostgresFailure(message: "cannot connect to \(address): \(failure.message)", sql: nil, unavailable: true)
        }
        _ = try query("SET idle_in_transaction_session_timeout = \(Self.idleTransactionTimeout)", [])
    }

    /// Milliseconds after which the server ends a session that sits in an
    /// open transaction: the store's transactions take milliseconds, so one
    /// this old lost its client (a worker whose network was cut mid-write),
    /// and its row locks must not hold up the rest of the fleet.
    static let idleTransactionTimeout = 5_000

    /// How long a statement may wait for the server's answer before the
    /// connection is given up as lost (the next operation reconnects).
    static let answerTimeout = TimeAmount.seconds(30)

    deinit { connection.close().whenComplete { _ in } }

    public var dialect: SQLDialect { .postgres }

    /// Creates the database `name` (a plain identifier) on `server` and
    /// returns its address; the user needs the CREATEDB privilege.
    public static func createDatabase(_ name: String, on server: PostgresAddress) throws -> PostgresAddress {
        try PostgresSession(address: server).run("CREATE DATABASE \(name)")
        var address = server
        address.database = name
        return address
    }

    public var isLost: Bool { lost.withLockedValue { $0 } || connection.isClosed }

    /// Runs statements one by one (the extended protocol takes one per
    /// query): split at semicolons that end a line outside a `$$`-quoted
    /// body, `--` comments dropped.
    public func execute(_ sql: String) throws {
        let lines = sql.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.trimmingPrefix(while: \.isWhitespace).hasPrefix("--") }
        var statement = ""
        for line in lines {
            statement += line + "\n"
            // A statement ends at a line ending in ";", unless that is inside a $$-quoted body (a DO block's).
            let insideDollarQuotes = statement.components(separatedBy: "$$").count % 2 == 0
            if line.trimmingCharacters(in: .whitespaces).hasSuffix(";") && !insideDollarQuotes {
                _ = try query(statement, [])
                statement = ""
            }
        }
        if !statement.allSatisfy(\.isWhitespace) { _ = try query(statement, []) }
    }

    @discardableResult
    public func run(_ sql: String, _ values: [DatabaseValue]) throws -> Int {
        try query(sql, values).metadata.rows ?? 0
    }

    public func rows(_ sql: String, _ values: [DatabaseValue]) throws -> [DatabaseRow] {
        let result = try query(sql, values)
        return try result.rows.map { row in
            DatabaseRow(values: try row.map { cell in try Self.value(cell, sql: sql) })
        }
    }

    public func transaction<T>(writing: Bool, _ body: () throws -> T) throws -> T {
        _ = try query(writing ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", [])
        do {
            let result = try body()
            _ = try query("COMMIT", [])
            return result
        } catch {
            if !isLost { _ = try? query("ROLLBACK", []) }
            throw error
        }
    }

    private func query(_ sql: String, _ values: [DatabaseValue]) throws -> PostgresQueryResult {
        var binds = PostgresBindings(capacity: values.count)
        for value in values {
            switch value {
            case .null: binds.appendNull()
            case .integer(let number): binds.append(number)
            case .text(let text): binds.append(text)
            case .blob(let bytes): binds.append(ByteBuffer(bytes: bytes))
            }
        }
        do {
            let answer = connection.query(PostgresQuery(unsafeSQL: Self.numberedParameters(sql), binds: binds), logger: logger)
            // A server that stopped answering (a network cut) ends the
            // connection rather than the caller's thread.
            let connection = self.connection
            let deadline = connection.eventLoop.scheduleTask(in: Self.answerTimeout) { connection.close().whenComplete { _ in } }
            answer.whenComplete { _ in deadline.cancel() }
            return try answer.wait()
        } catch {
            let failure = PostgresFailure(error, sql: sql)
            if failure.connectionLost { lost.withLockedValue { $0 = true } }
            throw failure
        }
    }

    /// `?` in order becomes `$1`, `$2`…, and `?N` becomes `$N` (the store's
    /// SQL has no question marks in literals).
    static func numberedParameters(_ sql: String) -> String {
        var output = ""
        output.reserveCapacity(sql.utf8.count + 8)
        var next = 1
        var characters = sql.makeIterator()
        var pending = characters.next()
        while let character = pending {
            pending = characters.next()
            guard character == "?" else { output.append(character); continue }
            if let digit = pending, digit.isASCII, digit.isNumber {
                output.append("$")
            } else {
                output.append("$\(next)")
                next += 1
            }
        }
        return output
    }

    static func value(_ cell: PostgresCell, sql: String) throws -> DatabaseValue {
        guard cell.bytes != nil else { return .null }
        do {
            switch cell.dataType {
            case .int2, .int4, .int8, .oid: return .integer(try cell.decode(Int64.self))
            case .bool: return .integer(try cell.decode(Bool.self) ? 1 : 0)
            case .bytea:
                var buffer = try cell.decode(ByteBuffer.self)
                return .blob(buffer.readBytes(length: buffer.readableBytes) ?? [])
            case .text, .varchar, .name, .bpchar: return .text(try cell.decode(String.self))
            default:
                throw PostgresFailure(message: "column \(cell.columnName) has type \(cell.dataType), which the store does not read", sql: sql)
            }
        } catch let failure as PostgresFailure {
            throw failure
        } catch {
            throw PostgresFailure(message: "column \(cell.columnName): \(error)", sql: sql)
        }
    }
}
