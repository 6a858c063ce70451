import Algebra

/// A point of BabyJubJub, iden3's twisted Edwards curve a·x² + y² =
/// 1 + d·x²·y² over BN254's Fr (a = 168700, d = 168696), in extended
/// coordinates (X : Y : Z : T) with x = X/Z, y = Y/Z, x·y = T/Z.
/// Addition and doubling follow Hisil–Wong–Carter–Dawson (add-2008-hwcd,
/// dbl-2008-hwcd); they are complete on this curve.
public struct BabyJubJubPoint: Sendable, CustomStringConvertible {
    public var x: Fr
    public var y: Fr
    public var z: Fr
    public var t: Fr

    public static let a = Fr(168_700)
    public static let d = Fr(168_696)

    /// The order of the prime subgroup, l.
    public static let subgroupOrder = try! Fr(decimal: "2736030358979909402780800718157159386076813972158567259200215660948447373041")
    /// l as an integer (it is below r, so it fits an Fr value's limbs).
    public static let subgroupOrderInteger = subgroupOrder.integer

    /// Base8 = 8·G, the generator of the prime subgroup that EdDSA uses.
    public static let base8 = BabyJubJubPoint(
        x: try! Fr(decimal: "5299619240641551281634865583518297030282874472190772894086521144482721001553"),
        y: try! Fr(decimal: "16950150798460657717958625567821834550301663161624707787222815936182638968203"))

    /// The identity (0, 1).
    public static let identity = BabyJubJubPoint(x: .zero, y: .one)

    /// The affine point (x, y); no check is made that it is on the curve.
    public init(x: Fr, y: Fr) {
        self.x = x
        self.y = y
        z = .one
        t = x * y
    }

    init(x: Fr, y: Fr, z: Fr, t: Fr) {
        self.x = x
        self.y = y
        self.z = z
        self.t = t
    }

    /// The affine coordinates (one inversion).
    public var affine: (x: Fr, y: Fr) {
        if z == .one { return (x, y) }
        let zInverse = z.inverse()!
        return (x * zInverse, y * zInverse)
    }

    /// Whether the point satisfies the curve equation.
    public var isOnCurve: Bool {
        let (ax, ay) = affine
        let x2 = ax.squared(), y2 = ay.squared()
        return Self.a * x2 + y2 == .one + Self.d * x2 * y2
    }

    /// Whether l·P is the identity (P is in the prime-order subgroup).
    public var isInSubgroup: Bool { multiplied(byLimbs: Self.subgroupOrder.canonicalLimbs) == .identity }

    public static func + (p: BabyJubJubPoint, q: BabyJubJubPoint) -> BabyJubJubPoint {
        let a = p.x * q.x
        let b = p.y * q.y
        let c = d * p.t * q.t
        let dd = p.z * q.z
        let e = (p.x + p.y) * (q.x + q.y) - a - b
        let f = dd - c
        let g = dd + c
        let h = b - Self.a * a
        return BabyJubJubPoint(x: e * f, y: g * h, z: f * g, t: e * h)
    }

    /// 2·self.
    public func doubled() -> BabyJubJubPoint {
        let a = x.squared()
        let b = y.squared()
        let c = z.squared().doubled()
        let dd = Self.a * a
        let e = (x + y).squared() - a - b
        let g = dd + b
        let f = g - c
        let h = dd - b
        return BabyJubJubPoint(x: e * f, y: g * h, z: f * g, t: e * h)
    }

    public static prefix func - (p: BabyJubJubPoint) -> BabyJubJubPoint {
        BabyJubJubPoint(x: -p.x, y: p.y, z: p.z, t: -p.t)
    }

    /// self multiplied by the integer with these little-endian limbs.
    public func multiplied(byLimbs limbs: [UInt64]) -> BabyJubJubPoint {
        var result = BabyJubJubPoint.identity
        for limb in limbs.reversed() {
            for bit in stride(from: 63, through: 0, by: -1) {
                result = result.doubled()
                if (limb >> UInt64(bit)) & 1 == 1 { result = result + self }
            }
        }
        return result
    }

    /// self multiplied by a non-negative integer.
    public func multiplied(by scalar: GMPInteger) -> BabyJubJubPoint { multiplied(byLimbs: scalar.limbs(count: 4)) }

    public var description: String {
        let (ax, ay) = affine
        return "(\(ax), \(ay))"
    }
}

extension BabyJubJubPoint: Equatable {
    /// Projective equality: X1·Z2 = X2·Z1 and Y1·Z2 = Y2·Z1.
    public static func == (p: BabyJubJubPoint, q: BabyJubJubPoint) -> Bool {
        p.x * q.z == q.x * p.z && p.y * q.z == q.y * p.z
    }
}
