import Algebra

/// Concatenates fixed-width unsigned fields, first field most significant,
/// into one integer: the layout of every signed-message word (docs/PROTOCOL.md).
public struct BitPacker {
    private(set) var value = GMPInteger(0)
    private(set) var width = 0

    /// An empty word.
    public init() {}

    /// Appends `field`, `bits` wide, below what is there.
    public mutating func append(_ field: UInt128, bits: Int) {
        precondition(bits == 128 || field >> UInt128(bits) == 0, "field does not fit its width")
        let limbs = [UInt64(truncatingIfNeeded: field), UInt64(truncatingIfNeeded: field >> 64)]
        value = (value << bits) + GMPInteger(limbs: limbs)
        width += bits
    }

    /// Appends each byte, 8 bits wide.
    public mutating func append(bytes: [UInt8]) {
        for byte in bytes { append(UInt128(byte), bits: 8) }
    }

    /// The packed word; layouts stay below 253 bits, so it is canonical.
    public var element: Fr {
        precondition(width <= 253, "a packed word must fit in 253 bits")
        return try! Fr(value)
    }
}

/// Big-endian byte encodings of fixed-width integers, for pubdata and ids.
public enum BigEndian {
    /// The low `count` bytes of `value`, most significant first.
    public static func bytes(_ value: UInt128, count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: value >> UInt128(8 * (count - 1 - $0))) }
    }
}
