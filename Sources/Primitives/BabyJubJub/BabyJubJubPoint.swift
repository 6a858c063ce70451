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

    /// The affine coordinates of every point, with one inversion for all
    /// (Montgomery's trick).
    public static func batchAffine(_ points: [BabyJubJubPoint]) -> [(x: Fr, y: Fr)] {
        var inverses = points.map(\.z)
        Fr.batchInvert(&inverses)
        return zip(points, inverses).map { point, zInverse in (point.x * zInverse, point.y * zInverse) }
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

    /// self multiplied by the integer with these little-endian limbs, by
    /// width-5 signed windows (wNAF): one doubling per bit, and one addition
    /// of an odd multiple ±P … ±15P per nonzero digit, about one bit in six.
    /// Scalars are public here (verification, subgroup checks): the time
    /// depends on them.
    public func multiplied(byLimbs limbs: [UInt64]) -> BabyJubJubPoint {
        let digits = Self.nafDigits(limbs, width: 5)
        guard let top = digits.lastIndex(where: { $0 != 0 }) else { return .identity }
        var oddMultiples = [self]
        let twice = doubled()
        for _ in 1..<8 { oddMultiples.append(oddMultiples[oddMultiples.count - 1] + twice) }
        func multiple(_ digit: Int8) -> BabyJubJubPoint {
            digit > 0 ? oddMultiples[Int(digit) / 2] : -oddMultiples[Int(-digit) / 2]
        }
        var result = multiple(digits[top])
        for position in stride(from: top - 1, through: 0, by: -1) {
            result = result.doubled()
            if digits[position] != 0 { result = result + multiple(digits[position]) }
        }
        return result
    }

    /// The width-w non-adjacent form of the integer with these little-endian
    /// limbs, digit i weighing 2^i: each digit is 0 or odd in
    /// −(2^(w−1) − 1) … 2^(w−1) − 1, and a nonzero digit is followed by at
    /// least w − 1 zeros.
    static func nafDigits(_ limbs: [UInt64], width: Int) -> [Int8] {
        let bitCount = 64 * limbs.count
        func bits(at position: Int, count: Int) -> Int {
            var value = 0
            for offset in 0..<count where position + offset < bitCount {
                let bit = position + offset
                value |= Int((limbs[bit / 64] >> UInt64(bit % 64)) & 1) << offset
            }
            return value
        }
        var digits = [Int8](repeating: 0, count: bitCount + 1)
        var carry = 0, position = 0
        while position < bitCount {
            guard bits(at: position, count: 1) != carry else {
                position += 1  // the bit plus the carry is even: a zero digit, the carry moves on
                continue
            }
            var window = bits(at: position, count: width) + carry
            carry = (window >> (width - 1)) & 1
            window -= carry << width
            digits[position] = Int8(window)
            position += width
        }
        digits[bitCount] = Int8(carry)
        return digits
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
