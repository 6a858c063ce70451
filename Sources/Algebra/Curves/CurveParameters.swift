/// A short-Weierstrass curve y² = x³ + b (a = 0) over a field: all that a
/// concrete group (G1, G2) has to say. Points are written once, generically.
public protocol CurveParameters: Sendable {
    /// The field of the coordinates.
    associatedtype Base: FieldElement
    /// The constant b.
    static var b: Base { get }
    /// The agreed generator of the prime-order subgroup.
    static var generator: AffinePoint<Self> { get }
    /// Whether an on-curve point lies in the prime-order subgroup.
    static func isInPrimeOrderSubgroup(_ point: AffinePoint<Self>) -> Bool
}

/// Why a point could not be read.
public enum CurveDecodingError: Error, Equatable, CustomStringConvertible {
    /// The JSON array did not have the shape snarkjs uses.
    case wrongShape(String)
    /// A coordinate was not a field element.
    case badCoordinate(FieldEncodingError)
    /// The coordinates do not satisfy the curve equation.
    case notOnCurve
    /// The point is on the curve but outside the prime-order subgroup.
    case notInSubgroup

    public var description: String {
        switch self {
        case .wrongShape(let detail): return "malformed point: \(detail)"
        case .badCoordinate(let error): return "malformed point coordinate: \(error)"
        case .notOnCurve: return "the point is not on the BN254 curve"
        case .notInSubgroup: return "the point is not in the prime-order subgroup"
        }
    }
}
