/// Square roots and quadratic residuosity (Tonelli–Shanks, generic over the
/// two-adicity of q - 1).
extension PrimeFieldElement {
    /// The Legendre symbol: 0 for zero, 1 for a non-zero square, -1 otherwise.
    public var legendre: Int {
        if isZero { return 0 }
        return pow(P.derived.legendreExponent) == .one ? 1 : -1
    }

    /// A square root, or nil when `self` is not a square. Which of the two
    /// roots is returned is unspecified; callers choose a sign themselves.
    public func squareRoot() -> Self? {
        if isZero { return self }
        guard legendre == 1 else { return nil }
        let derived = P.derived
        var m = derived.twoAdicity
        var c = Self(P.multiplicativeGenerator).pow(derived.oddPart)
        var t = pow(derived.oddPart)
        var r = pow(derived.oddPartPlusOneHalf)
        while t != .one {
            var i = 0
            var t2i = t
            while t2i != .one {
                t2i = t2i.squared()
                i += 1
                if i == m { return nil }
            }
            var b = c
            for _ in 0..<(m - i - 1) { b = b.squared() }
            m = i
            c = b.squared()
            t = t * c
            r = r * b
        }
        return r
    }
}
