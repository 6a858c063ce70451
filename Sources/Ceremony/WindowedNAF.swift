import Algebra

/// Scalar multiplication by width-5 non-adjacent forms: digits odd in
/// −15 … 15 with at least four zeros after each, so a 254-bit scalar costs
/// about 254 doublings and 51 additions of precomputed odd multiples.
enum WindowedNAF {
    /// The digits of `scalar`'s canonical value, least significant first.
    static func digits(_ scalar: Fr) -> [Int8] {
        let canonical = scalar.canonical
        var limbs = [canonical.l.0, canonical.l.1, canonical.l.2, canonical.l.3]
        var digits = [Int8]()
        digits.reserveCapacity(256)
        while limbs.contains(where: { $0 != 0 }) {
            var digit = 0
            if limbs[0] & 1 == 1 {
                digit = Int(limbs[0] & 31)
                if digit >= 16 { digit -= 32 }
                subtract(&limbs, digit)
            }
            digits.append(Int8(digit))
            for index in 0..<4 { limbs[index] = limbs[index] >> 1 | (index < 3 ? limbs[index + 1] << 63 : 0) }
        }
        return digits
    }

    /// limbs −= digit, for a digit of either sign and a result that stays
    /// non-negative: adding −digit sign-extended to 256 bits.
    private static func subtract(_ limbs: inout [UInt64], _ digit: Int) {
        let low = UInt64(bitPattern: Int64(-digit)), signExtension = digit > 0 ? UInt64.max : 0
        var carry: UInt64 = 0
        for index in 0..<4 {
            let (partial, overflow1) = limbs[index].addingReportingOverflow(index == 0 ? low : signExtension)
            let (sum, overflow2) = partial.addingReportingOverflow(carry)
            limbs[index] = sum
            carry = overflow1 || overflow2 ? 1 : 0
        }
    }

    /// P, 3P, 5P, …, 15P.
    static func oddMultiples<C>(_ point: AffinePoint<C>) -> [JacobianPoint<C>] {
        let double = point.jacobian.doubled()
        var multiples = [point.jacobian]
        for _ in 1..<8 { multiples.append(multiples[multiples.count - 1] + double) }
        return multiples
    }

    /// Σ scalarᵢ·pointᵢ with one shared chain of doublings (Straus): the
    /// points' odd multiples are made affine together, then each doubling
    /// step adds every point's digit of that position.
    static func sum<C>(_ points: [AffinePoint<C>], _ scalars: [Fr]) -> JacobianPoint<C> {
        let active = points.indices.filter { !points[$0].isInfinity && !scalars[$0].isZero }
        if active.isEmpty { return .infinity }
        let tables = JacobianPoint<C>.batchAffine(active.flatMap { oddMultiples(points[$0]) })
        let digitRows = active.map { digits(scalars[$0]) }
        var result = JacobianPoint<C>.infinity
        for position in stride(from: digitRows.map(\.count).max()! - 1, through: 0, by: -1) {
            result = result.doubled()
            for (row, digits) in digitRows.enumerated() where position < digits.count {
                let digit = Int(digits[position])
                if digit > 0 { result = result + tables[8 * row + digit >> 1] } else if digit < 0 { result = result + (-tables[8 * row + (-digit) >> 1]) }
            }
        }
        return result
    }
}
