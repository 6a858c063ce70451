/// Square roots in Fq2 = Fq[u]/(u² + 1), by the complex method: a is a
/// square exactly when its norm a0² + a1² is a square in Fq.
extension Fq2 {
    /// Whether the element is a square (zero is).
    public var isSquare: Bool { (c0.squared() + c1.squared()).legendre >= 0 }

    /// A square root, or nil when the element is not a square. Which root
    /// is returned is unspecified; callers choose a sign themselves.
    public func squareRoot() -> Fq2? {
        if c1.isZero {
            if let root = c0.squareRoot() { return Fq2(root, .zero) }
            guard let root = (-c0).squareRoot() else { return nil }
            return Fq2(.zero, root)
        }
        guard let normRoot = (c0.squared() + c1.squared()).squareRoot() else { return nil }
        let half = Fq(2).inverse()!
        var x0Squared = (c0 + normRoot) * half
        if x0Squared.legendre != 1 { x0Squared = (c0 - normRoot) * half }
        guard let x0 = x0Squared.squareRoot(), let twoX0Inverse = x0.doubled().inverse() else { return nil }
        let root = Fq2(x0, c1 * twoX0Inverse)
        return root.squared() == self ? root : nil
    }
}
