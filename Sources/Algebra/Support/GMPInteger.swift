import CGMP
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An arbitrary-precision integer backed by GMP's `mpz_t`.
///
/// The fields use it for conversions (decimal strings, exponents derived from
/// the moduli); the tests use it as the independent oracle for every field
/// operation.
public final class GMPInteger: @unchecked Sendable {
    @usableFromInline let storage: UnsafeMutablePointer<__mpz_struct>

    /// Zero.
    public init() {
        storage = .allocate(capacity: 1)
        __gmpz_init(storage)
    }

    deinit {
        __gmpz_clear(storage)
        storage.deallocate()
    }

    /// A non-negative integer from a small value.
    public convenience init(_ value: UInt64) {
        self.init()
        __gmpz_set_ui(storage, UInt(value))
    }

    /// Parses digits in `radix` (10 or 16, no prefix, optional leading '-').
    /// Returns nil for anything else, including an empty string.
    public convenience init?(_ text: String, radix: Int32) {
        self.init()
        guard !text.isEmpty, text.allSatisfy({ $0.isHexDigit || $0 == "-" }) else { return nil }
        if __gmpz_set_str(storage, text, radix) != 0 { return nil }
    }

    /// The integer whose little-endian 64-bit limbs are `limbs`.
    public convenience init(limbs: [UInt64]) {
        self.init()
        limbs.withUnsafeBufferPointer { buffer in
            __gmpz_import(storage, buffer.count, -1, 8, 0, 0, buffer.baseAddress)
        }
    }

    /// The absolute value as little-endian 64-bit limbs, zero-padded to at
    /// least `count` of them.
    public func limbs(count: Int) -> [UInt64] {
        let needed = (Int(__gmpz_sizeinbase(storage, 2)) + 63) / 64
        var buffer = [UInt64](repeating: 0, count: max(count, needed))
        var written = 0
        buffer.withUnsafeMutableBufferPointer { out in
            _ = __gmpz_export(out.baseAddress, &written, -1, 8, 0, 0, storage)
        }
        return buffer
    }

    /// Digits in `radix`, with a leading '-' for negatives.
    public func description(radix: Int32) -> String {
        guard let cString = __gmpz_get_str(nil, radix, storage) else { return "" }
        defer { free(cString) }
        return String(cString: cString)
    }

    /// The number of bits of the absolute value (0 for zero).
    public var bitWidth: Int { storage.pointee._mp_size == 0 ? 0 : Int(__gmpz_sizeinbase(storage, 2)) }

    /// -1, 0 or 1.
    public var signum: Int { Int(storage.pointee._mp_size.signum()) }

    private static func result(_ body: (UnsafeMutablePointer<__mpz_struct>) -> Void) -> GMPInteger {
        let value = GMPInteger()
        body(value.storage)
        return value
    }

    public static func + (a: GMPInteger, b: GMPInteger) -> GMPInteger { result { __gmpz_add($0, a.storage, b.storage) } }
    public static func - (a: GMPInteger, b: GMPInteger) -> GMPInteger { result { __gmpz_sub($0, a.storage, b.storage) } }
    public static func * (a: GMPInteger, b: GMPInteger) -> GMPInteger { result { __gmpz_mul($0, a.storage, b.storage) } }
    /// Floor division.
    public static func / (a: GMPInteger, b: GMPInteger) -> GMPInteger { result { __gmpz_fdiv_q($0, a.storage, b.storage) } }
    /// The non-negative remainder modulo `b`.
    public static func % (a: GMPInteger, b: GMPInteger) -> GMPInteger { result { __gmpz_mod($0, a.storage, b.storage) } }
    public static func >> (a: GMPInteger, bits: Int) -> GMPInteger { result { __gmpz_fdiv_q_2exp($0, a.storage, mp_bitcnt_t(bits)) } }
    public static func << (a: GMPInteger, bits: Int) -> GMPInteger { result { __gmpz_mul_2exp($0, a.storage, mp_bitcnt_t(bits)) } }

    /// `self^exponent mod modulus`.
    public func power(_ exponent: GMPInteger, modulus: GMPInteger) -> GMPInteger {
        GMPInteger.result { __gmpz_powm($0, storage, exponent.storage, modulus.storage) }
    }

    /// The inverse modulo `modulus`, or nil when none exists.
    public func inverse(modulus: GMPInteger) -> GMPInteger? {
        let value = GMPInteger()
        return __gmpz_invert(value.storage, storage, modulus.storage) == 0 ? nil : value
    }

    /// The Legendre symbol (self / prime): -1, 0 or 1.
    public func legendre(_ prime: GMPInteger) -> Int { Int(__gmpz_jacobi(storage, prime.storage)) }

    /// Whether bit `index` is set.
    public func testBit(_ index: Int) -> Bool { __gmpz_tstbit(storage, mp_bitcnt_t(index)) != 0 }
}

extension GMPInteger: Comparable {
    public static func == (a: GMPInteger, b: GMPInteger) -> Bool { __gmpz_cmp(a.storage, b.storage) == 0 }
    public static func < (a: GMPInteger, b: GMPInteger) -> Bool { __gmpz_cmp(a.storage, b.storage) < 0 }
}

extension GMPInteger: CustomStringConvertible {
    public var description: String { description(radix: 10) }
}
