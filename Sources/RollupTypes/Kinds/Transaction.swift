import Algebra
import Support

/// Any transaction the rollup sequences: a value of one of the kinds of
/// ``TransactionKinds``, or the no-op that pads a block. Its encoding is the
/// kind's id preimage (docs/PROTOCOL.md), which holds every field: storage
/// keeps it, and the id is its SHA-256. Its JSON form is
/// `{"type": name, …the kind's fields}`.
public struct Transaction: Sendable {
    /// The kind's value, or nil for a no-op.
    public let kind: (any TransactionKind)?

    /// `value` as any transaction.
    public init(_ value: any TransactionKind) { kind = value }

    private init() { kind = nil }

    /// Padding in a block: changes nothing.
    public static let noop = Transaction()

    /// The id: SHA-256 of the encoding, as "0x" and 64 hex digits.
    public var hash: String { "0x" + SHA256.hash(encoded).hexString }

    /// The encoding (the id preimage); a no-op is its tag alone.
    public var encoded: [UInt8] { kind?.idPreimage ?? [TransactionTag.noop.rawValue] }

    /// The blocks it is sealed in (no-ops pad transfer blocks).
    public var blockType: BlockType { kind.map { type(of: $0).blockType } ?? .transfer }

    /// Why bytes are not a transaction.
    public enum DecodingError: Error, Equatable, CustomStringConvertible {
        case empty
        case unknownTag(UInt8)
        case wrongLength(type: String, expected: Int, actual: Int)
        case invalidField(String)

        public var description: String {
            switch self {
            case .empty: return "an encoded transaction cannot be empty"
            case .unknownTag(let tag): return "unknown transaction tag \(tag)"
            case .wrongLength(let type, let expected, let actual): return "an encoded \(type) is \(expected) bytes, got \(actual)"
            case .invalidField(let detail): return "invalid field: \(detail)"
            }
        }
    }

    /// Decodes ``encoded``; every field is validated as on submission.
    public init(encoded bytes: [UInt8]) throws {
        guard let first = bytes.first else { throw DecodingError.empty }
        let tag = TransactionTag(rawValue: first)
        guard let kind = TransactionKinds.kind(tag: tag) else {
            guard tag == .noop else { throw DecodingError.unknownTag(first) }
            guard bytes.count == 1 else { throw DecodingError.wrongLength(type: "noop", expected: 1, actual: bytes.count) }
            self = .noop
            return
        }
        guard bytes.count == kind.encodedBytes else {
            throw DecodingError.wrongLength(type: kind.name, expected: kind.encodedBytes, actual: bytes.count)
        }
        var reader = ByteReader(Array(bytes.dropFirst()))
        self = try kind.init(fields: &reader).transaction
    }
}

extension Transaction: Equatable {
    /// The same kind with equal fields, or both no-ops.
    public static func == (lhs: Transaction, rhs: Transaction) -> Bool {
        guard let kind = lhs.kind else { return rhs.kind == nil }
        return equals(kind, rhs.kind)
    }

    private static func equals<K: TransactionKind>(_ value: K, _ other: (any TransactionKind)?) -> Bool { (other as? K) == value }
}

extension Transaction: Codable {
    private enum TypeKey: String, CodingKey { case type }

    /// `{"type": "noop"}`, or the kind's name and fields.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: TypeKey.self)
        guard let kind else {
            try container.encode("noop", forKey: .type)
            return
        }
        try container.encode(type(of: kind).name, forKey: .type)
        try kind.encode(to: encoder)
    }

    /// Reads `"type"`, then that kind's fields; a field's error names it
    /// (``TransactionFieldError``).
    public init(from decoder: any Decoder) throws {
        let name = try decoder.container(keyedBy: TypeKey.self).decode(String.self, forKey: .type)
        if name == "noop" {
            self = .noop
            return
        }
        guard let kind = TransactionKinds.kind(named: name) else {
            let names = TransactionKinds.all.map { "\"\($0.name)\"" }.joined(separator: ", ")
            throw TransactionFieldError.invalid(field: "type", reason: "must be one of \(names)")
        }
        self = try kind.init(from: decoder).transaction
    }
}
