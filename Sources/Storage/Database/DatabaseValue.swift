/// A value bound to, or read from, a column, in SQLite or PostgreSQL.
/// Booleans read as 0 and 1, like SQLite's.
public enum DatabaseValue: Equatable, Sendable {
    case null
    case integer(Int64)
    case text(String)
    case blob([UInt8])
}

/// One result row, read by column index.
public struct DatabaseRow: Sendable {
    public let values: [DatabaseValue]

    public subscript(_ index: Int) -> DatabaseValue { values[index] }

    /// The column as an integer (0 when NULL).
    public func integer(_ index: Int) -> Int64 {
        if case .integer(let value) = values[index] { return value }
        return 0
    }

    /// The column as an integer, or nil when NULL.
    public func optionalInteger(_ index: Int) -> Int64? {
        if case .integer(let value) = values[index] { return value }
        return nil
    }

    /// The column as text, or nil when NULL.
    public func text(_ index: Int) -> String? {
        if case .text(let value) = values[index] { return value }
        return nil
    }

    /// The column as bytes, or nil when NULL.
    public func blob(_ index: Int) -> [UInt8]? {
        switch values[index] {
        case .blob(let bytes): return bytes
        case .text(let text): return Array(text.utf8)
        default: return nil
        }
    }
}
