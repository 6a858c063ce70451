import Primitives

/// Reads big-endian fields off bytes whose length was checked: an encoded
/// transaction (``Transaction/init(encoded:)``) or a block's pubdata slot; a
/// field that does not hold throws ``Transaction/DecodingError/invalidField(_:)``.
public struct ByteReader {
    let bytes: [UInt8]
    var offset = 0

    /// A reader at the start of `bytes`.
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The next `count` bytes.
    public mutating func bytes(_ count: Int) -> [UInt8] {
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }

    /// The next `count` bytes as a big-endian integer (count ≤ 16).
    public mutating func integer(_ count: Int) -> UInt128 {
        bytes(count).reduce(0) { $0 << 8 | UInt128($1) }
    }

    /// A 3-byte account id.
    public mutating func accountID() throws -> AccountID { try AccountID(Int(integer(3))) }

    /// A packed signature, or nil for 64 zero bytes (unsigned).
    public mutating func signature() throws -> EdDSASignature? {
        let packed = bytes(64)
        if packed.allSatisfy({ $0 == 0 }) { return nil }
        return try Self.field("signature") { try EdDSASignature(packed: packed) }
    }

    /// `body`'s value, its error reported as an invalid field.
    public static func field<T>(_ name: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch { throw Transaction.DecodingError.invalidField("\(name): \(error)") }
    }
}
