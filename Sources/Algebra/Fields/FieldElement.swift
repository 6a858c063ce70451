/// An element of a field: the operations every field in this package has,
/// from the prime fields up the extension tower.
///
/// Curves, the pairing, MSM and the NTT are written once against this
/// protocol; each concrete field provides only its arithmetic.
public protocol FieldElement: Hashable, Sendable, CustomStringConvertible {
    /// The additive identity.
    static var zero: Self { get }
    /// The multiplicative identity.
    static var one: Self { get }
    /// Whether this is the additive identity.
    var isZero: Bool { get }

    static func + (lhs: Self, rhs: Self) -> Self
    static func - (lhs: Self, rhs: Self) -> Self
    static func * (lhs: Self, rhs: Self) -> Self
    static prefix func - (value: Self) -> Self

    /// `self * self`, possibly cheaper than the product.
    func squared() -> Self
    /// `self + self`.
    func doubled() -> Self
    /// The multiplicative inverse, or `nil` for zero.
    func inverse() -> Self?
}

extension FieldElement {
    @inlinable public static func += (lhs: inout Self, rhs: Self) { lhs = lhs + rhs }
    @inlinable public static func -= (lhs: inout Self, rhs: Self) { lhs = lhs - rhs }
    @inlinable public static func *= (lhs: inout Self, rhs: Self) { lhs = lhs * rhs }

    /// `self` raised to an exponent given as little-endian 64-bit limbs.
    @inlinable
    public func pow(_ exponent: [UInt64]) -> Self {
        var result = Self.one
        for limb in exponent.reversed() {
            for bit in stride(from: 63, through: 0, by: -1) {
                result = result.squared()
                if (limb >> UInt64(bit)) & 1 == 1 { result = result * self }
            }
        }
        return result
    }

    /// `self` raised to a 64-bit exponent.
    @inlinable
    public func pow(_ exponent: UInt64) -> Self { pow([exponent]) }

    /// Inverts every element in place with one field inversion (Montgomery's
    /// trick). Zeros stay zero.
    @inlinable
    public static func batchInvert(_ elements: inout [Self]) {
        var prefix = [Self]()
        prefix.reserveCapacity(elements.count)
        var accumulator = Self.one
        for element in elements {
            prefix.append(accumulator)
            if !element.isZero { accumulator = accumulator * element }
        }
        guard var inverse = accumulator.inverse() else { return }
        for index in elements.indices.reversed() where !elements[index].isZero {
            let original = elements[index]
            elements[index] = inverse * prefix[index]
            inverse = inverse * original
        }
    }
}
