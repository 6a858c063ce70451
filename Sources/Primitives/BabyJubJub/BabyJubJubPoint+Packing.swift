import Algebra

/// iden3's 32-byte point compression: y little-endian, with the top bit set
/// when x is "negative" (greater than (r − 1)/2).
extension BabyJubJubPoint {
    /// Why packed bytes are not a point.
    public enum PackingError: Error, Equatable, CustomStringConvertible {
        case wrongLength(Int)
        case notAFieldElement
        case notOnCurve

        public var description: String {
            switch self {
            case .wrongLength(let count): return "a packed BabyJubJub point is 32 bytes, got \(count)"
            case .notAFieldElement: return "the packed y coordinate is not below the field modulus"
            case .notOnCurve: return "no BabyJubJub point has this packed y coordinate"
            }
        }
    }

    /// The 32-byte packed form.
    public var packed: [UInt8] {
        let (ax, ay) = affine
        var bytes = Array(ay.bigEndianBytes.reversed())
        if ax.isLexicographicallyLarge { bytes[31] |= 0x80 }
        return bytes
    }

    /// Unpacks 32 bytes; the result is on the curve (subgroup membership is
    /// the caller's check).
    public init(packed bytes: [UInt8]) throws {
        guard bytes.count == 32 else { throw PackingError.wrongLength(bytes.count) }
        let negative = bytes[31] & 0x80 != 0
        var yBytes = bytes
        yBytes[31] &= 0x7F
        guard let y = try? Fr(bigEndianBytes: Array(yBytes.reversed())) else { throw PackingError.notAFieldElement }
        // x² = (1 − y²) / (a − d·y²)
        let y2 = y.squared()
        guard let denominatorInverse = (Self.a - Self.d * y2).inverse(),
              var x = ((Fr.one - y2) * denominatorInverse).squareRoot()
        else { throw PackingError.notOnCurve }
        if x.isLexicographicallyLarge != negative { x = -x }
        if negative && x.isZero { throw PackingError.notOnCurve }
        self.init(x: x, y: y)
    }
}
