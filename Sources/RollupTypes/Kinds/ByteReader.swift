import Primitives

/// Reads big-endian fields off an encoded transaction whose length was
/// checked (``Transaction/init(encoded:)``); a field that does not hold
/// throws ``Transaction/DecodingError/invalidField(_:)``.
public struct ByteReader {
    let bytes: [UInt8]
    var offset = 0

    mutating func bytes(_ count: Int) -> [UInt8] {
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }

    mutating func integer(_ count: Int) -> UInt128 {
        bytes(count).reduce(0) { $0 << 8 | UInt128($1) }
    }

    mutating func accountID() throws -> AccountID { try AccountID(Int(integer(3))) }

    /// A packed signature, or nil for 64 zero bytes (unsigned).
    mutating func signature() throws -> EdDSASignature? {
        let packed = bytes(64)
        if packed.allSatisfy({ $0 == 0 }) { return nil }
        return try Self.field("signature") { try EdDSASignature(packed: packed) }
    }

    /// `body`'s value, its error reported as an invalid field.
    static func field<T>(_ name: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch { throw Transaction.DecodingError.invalidField("\(name): \(error)") }
    }
}
