/// Recursive Length Prefix, Ethereum's serialization of transactions: an
/// item is a byte string or a list of items.
public indirect enum RLP: Equatable, Sendable {
    case bytes([UInt8])
    case list([RLP])

    /// An unsigned integer: its big-endian bytes without leading zeros (0 is empty).
    public static func uint(_ value: some UnsignedInteger & FixedWidthInteger) -> RLP {
        .bytes(BigEndian.minimal(value))
    }

    /// The encoding.
    public var encoded: [UInt8] {
        switch self {
        case .bytes(let bytes):
            if bytes.count == 1 && bytes[0] < 0x80 { return bytes }
            return Self.header(bytes.count, short: 0x80) + bytes
        case .list(let items):
            let payload = items.flatMap(\.encoded)
            return Self.header(payload.count, short: 0xC0) + payload
        }
    }

    private static func header(_ length: Int, short: UInt8) -> [UInt8] {
        if length < 56 { return [short + UInt8(length)] }
        let lengthBytes = BigEndian.minimal(UInt64(length))
        return [short + 55 + UInt8(lengthBytes.count)] + lengthBytes
    }
}

/// Big-endian byte strings of integers.
public enum BigEndian {
    /// `value`'s bytes, most significant first, without leading zeros.
    public static func minimal(_ value: some UnsignedInteger & FixedWidthInteger) -> [UInt8] {
        Array(padded(value, to: MemoryLayout.size(ofValue: value)).drop { $0 == 0 })
    }

    /// `value`'s bytes, most significant first, left-padded with zeros to `width`.
    public static func padded(_ value: some UnsignedInteger & FixedWidthInteger, to width: Int) -> [UInt8] {
        let size = MemoryLayout.size(ofValue: value)
        let bytes = (0..<size).map { index in UInt8(truncatingIfNeeded: value >> (8 * (size - 1 - index))) }
        return [UInt8](repeating: 0, count: max(0, width - size)) + bytes.suffix(width)
    }
}
