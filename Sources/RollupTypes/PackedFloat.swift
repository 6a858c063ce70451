/// A base-10 float: value = mantissa · 10^exponent, stored in
/// mantissaBits + exponentBits bits as (mantissa << exponentBits) | exponent.
/// Amounts use 35 + 5 bits, fees 11 + 5 (``PackedAmount``, ``PackedFee``).
/// Values must also fit in 128 bits.
public protocol PackedFloat: Hashable, Sendable {
    static var mantissaBits: Int { get }
    static var exponentBits: Int { get }
    /// The packed bits.
    var bits: UInt64 { get }
    init(uncheckedBits bits: UInt64)
}

/// Why an amount or fee cannot be packed or unpacked.
public enum PackingError: Error, Equatable, CustomStringConvertible {
    /// No mantissa·10^exponent equals the value exactly.
    case notPackable(value: String, closest: String)
    /// The bits decode to more than 128 bits, or exceed the width.
    case invalidBits(UInt64)

    public var description: String {
        switch self {
        case .notPackable(let value, let closest):
            return "\(value) cannot be represented exactly as mantissa·10^exponent; the closest packable amount below it is \(closest)"
        case .invalidBits(let bits): return "0x\(String(bits, radix: 16)) is not a valid packed amount"
        }
    }
}

extension PackedFloat {
    static var maxMantissa: UInt128 { (UInt128(1) << UInt128(mantissaBits)) - 1 }
    static var maxExponent: Int { (1 << exponentBits) - 1 }

    /// The total width in bits.
    public static var width: Int { mantissaBits + exponentBits }

    /// The value these bits stand for.
    public var value: UInt128 {
        let exponent = Int(bits & UInt64((1 << Self.exponentBits) - 1))
        var value = UInt128(bits >> UInt64(Self.exponentBits))
        for _ in 0..<exponent { value *= 10 }  // checked: decoding validated it fits
        return value
    }

    /// Validated bits (fits the width, and the value fits 128 bits).
    public init(bits: UInt64) throws {
        guard bits >> UInt64(Self.width) == 0 else { throw PackingError.invalidBits(bits) }
        let exponent = Int(bits & UInt64((1 << Self.exponentBits) - 1))
        var value = UInt128(bits >> UInt64(Self.exponentBits))
        for _ in 0..<exponent {
            let (product, overflow) = value.multipliedReportingOverflow(by: 10)
            guard !overflow else { throw PackingError.invalidBits(bits) }
            value = product
        }
        self.init(uncheckedBits: bits)
    }

    /// The exact packing of `value` with the smallest exponent, or nil.
    public init?(exactly value: UInt128) {
        var mantissa = value
        var exponent = 0
        while mantissa > Self.maxMantissa {
            guard mantissa % 10 == 0, exponent < Self.maxExponent else { return nil }
            mantissa /= 10
            exponent += 1
        }
        self.init(uncheckedBits: UInt64(mantissa) << UInt64(Self.exponentBits) | UInt64(exponent))
    }

    /// The exact packing of `value`, or an error naming the closest packable value.
    public init(packing value: UInt128) throws {
        guard let packed = Self(exactly: value) else {
            throw PackingError.notPackable(value: String(value), closest: String(Self.closestPackable(to: value)))
        }
        self = packed
    }

    /// The largest packable value not above `value` (round down, so a
    /// wallet never sends more than asked): the best mantissa·10^e over
    /// every exponent e, since a smaller exponent can beat a larger one
    /// (2^35 + 1 rounds to 2^35 − 1, not to 3435973836·10).
    public static func closestPackable(to value: UInt128) -> UInt128 {
        var best: UInt128 = 0
        var scale: UInt128 = 1
        for exponent in 0...maxExponent {
            best = max(best, min(value / scale, maxMantissa) * scale)  // ≤ value: cannot overflow
            let (next, overflow) = scale.multipliedReportingOverflow(by: 10)
            guard exponent < maxExponent, !overflow, next <= value else { break }
            scale = next
        }
        return best
    }

    /// The smallest packable value not below `value` (round up, for a fee
    /// that must reach a floor), or nil when none fits 128 bits: the
    /// smallest exponent whose mantissa ⌈value / 10^e⌉ fits.
    public static func packableCeiling(of value: UInt128) -> UInt128? {
        var scale: UInt128 = 1
        for exponent in 0...maxExponent {
            let mantissa = value / scale + (value % scale == 0 ? 0 : 1)
            if mantissa <= maxMantissa {
                let (result, overflow) = mantissa.multipliedReportingOverflow(by: scale)
                return overflow ? nil : result
            }
            let (next, overflow) = scale.multipliedReportingOverflow(by: 10)
            guard exponent < maxExponent, !overflow else { return nil }
            scale = next
        }
        return nil
    }

    /// Whether `value` packs exactly.
    public static func isPackable(_ value: UInt128) -> Bool { Self(exactly: value) != nil }
}

/// A transfer or exit amount: 35-bit mantissa, 5-bit exponent (40 bits).
public struct PackedAmount: PackedFloat {
    public static let mantissaBits = 35
    public static let exponentBits = 5
    public let bits: UInt64
    public init(uncheckedBits bits: UInt64) { self.bits = bits }
}

/// A fee: 11-bit mantissa, 5-bit exponent (16 bits).
public struct PackedFee: PackedFloat {
    public static let mantissaBits = 11
    public static let exponentBits = 5
    public let bits: UInt64
    public init(uncheckedBits bits: UInt64) { self.bits = bits }
}
