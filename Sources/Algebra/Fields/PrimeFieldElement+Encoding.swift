import CFieldKernel
import Support

/// Conversions between field elements and decimal strings, hex and 32-byte
/// big-endian encodings. Every parser accepts only canonical values (below
/// the modulus); GMP does the base conversions.
extension PrimeFieldElement {
    /// Parses a canonical value from an integer.
    public init(_ integer: GMPInteger) throws {
        guard integer.signum >= 0 else { throw FieldEncodingError.notAnInteger(integer.description) }
        let modulus = P.modulus
        guard integer < GMPInteger(limbs: [modulus.l.0, modulus.l.1, modulus.l.2, modulus.l.3]) else {
            throw FieldEncodingError.notBelowModulus(value: integer.description, modulus: P.derived.modulusDecimal)
        }
        let limbs = integer.limbs(count: 4)
        self.init(canonical: fk_u256(l: (limbs[0], limbs[1], limbs[2], limbs[3])))
    }

    /// The element for a 128-bit integer (below every modulus used here).
    public init(_ value: UInt128) {
        self.init(canonical: fk_u256(l: (UInt64(truncatingIfNeeded: value), UInt64(truncatingIfNeeded: value >> 64), 0, 0)))
    }

    /// Parses a decimal string such as snarkjs writes ("123", no sign, no
    /// leading '+').
    public init(decimal text: String) throws {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
              let integer = GMPInteger(text, radix: 10)
        else { throw FieldEncodingError.notAnInteger(text) }
        try self.init(integer)
    }

    /// Parses hex digits, with or without a leading "0x".
    public init(hex text: String) throws {
        let digits = text.hasPrefix("0x") || text.hasPrefix("0X") ? String(text.dropFirst(2)) : text
        guard !digits.isEmpty, digits.allSatisfy(\.isHexDigit), let integer = GMPInteger(digits, radix: 16)
        else { throw FieldEncodingError.notAnInteger(text) }
        try self.init(integer)
    }

    /// Reads 32 big-endian bytes.
    public init(bigEndianBytes bytes: [UInt8]) throws {
        guard bytes.count == 32 else { throw FieldEncodingError.wrongByteCount(expected: 32, actual: bytes.count) }
        var limbs = [UInt64](repeating: 0, count: 4)
        for (index, byte) in bytes.enumerated() {
            let position = 31 - index
            limbs[position / 8] |= UInt64(byte) << UInt64((position % 8) * 8)
        }
        try self.init(GMPInteger(limbs: limbs))
    }

    /// The canonical value as an integer.
    public var integer: GMPInteger { GMPInteger(limbs: canonicalLimbs) }

    /// The canonical value in decimal, as snarkjs writes it.
    public var decimalString: String { integer.description }

    /// The canonical value as "0x" and 64 lowercase hex digits.
    public var hexString: String {
        "0x" + canonicalLimbs.reversed().map { limb in
            let digits = String(limb, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }.joined()
    }

    /// The canonical value as 32 big-endian bytes.
    public var bigEndianBytes: [UInt8] {
        let limbs = canonicalLimbs
        return (0..<32).map { index in
            let position = 31 - index
            return UInt8(truncatingIfNeeded: limbs[position / 8] >> UInt64((position % 8) * 8))
        }
    }

    /// The element with canonical value `limbs`, or nil when they are not
    /// below the modulus.
    public init?(validating limbs: fk_u256) {
        guard Self.isBelow(limbs, P.modulus) else { return nil }
        self.init(canonical: limbs)
    }

    /// A uniformly random element, by rejection sampling 254-bit values.
    public static func random<G: RandomNumberGenerator>(using generator: inout G) -> Self {
        let modulus = P.modulus
        let topBits = P.derived.bitCount - 192
        while true {
            let top = generator.next() & ((UInt64(1) << UInt64(topBits)) - 1)
            let candidate = fk_u256(l: (generator.next(), generator.next(), generator.next(), top))
            if isBelow(candidate, modulus) { return Self(canonical: candidate) }
        }
    }

    /// A uniformly random element from libsodium's CSPRNG.
    public static func random() -> Self {
        var generator = SecureRandom()
        return random(using: &generator)
    }

    @usableFromInline
    static func isBelow(_ a: fk_u256, _ b: fk_u256) -> Bool {
        let x = [a.l.0, a.l.1, a.l.2, a.l.3], y = [b.l.0, b.l.1, b.l.2, b.l.3]
        for index in stride(from: 3, through: 0, by: -1) where x[index] != y[index] {
            return x[index] < y[index]
        }
        return false
    }
}

extension PrimeFieldElement: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: UInt64) { self.init(value) }
}

extension PrimeFieldElement {
    /// The element whose Montgomery form a·R mod q (R = 2²⁵⁶) is `limbs`,
    /// or nil when they are not below the modulus. snarkjs's binary files
    /// store field elements this way, and ffjavascript's random sampling
    /// reads raw random limbs as a Montgomery form.
    public init?(montgomeryForm limbs: fk_u256) {
        guard Self.isBelow(limbs, P.modulus) else { return nil }
        self.init(montgomery: limbs)
    }

    /// The Montgomery form a·R mod q, little-endian limbs.
    @inlinable public var montgomeryForm: fk_u256 { montgomery }
}
