import Algebra

/// A Groth16 proof: π = (A ∈ G1, B ∈ G2, C ∈ G1).
public struct Proof: Equatable, Sendable {
    public var a: G1Affine
    public var b: G2Affine
    public var c: G1Affine

    public init(a: G1Affine, b: G2Affine, c: G1Affine) {
        self.a = a
        self.b = b
        self.c = c
    }
}
