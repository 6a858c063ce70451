import Algebra
import Groth16

/// The circuit hash a zkey's section 10 starts with (zkey_new.js): what
/// every contribution's transcript builds on, fixed by the initial key.
///
/// It is BLAKE2b-512 over, uncompressed: α₁, β₁, β₂, γ₂ (the generator),
/// δ₁, δ₂ (the generators); then for IC, H, C, A, B1 and B2 in that order
/// a big-endian u32 count and the points. H's count is n − 1, and its
/// "points" are [τ^(i+n)]₁ − [τ^i]₁, hashed in chunks of 2¹⁴ each as long
/// as the whole count when that is smaller, as snarkjs does: past 2¹⁴ + 1
/// points the last chunk runs one point beyond n − 1 (``hashedHPoints(domainSize:)``).
enum ZkeyCircuitHash {
    /// How many H "points" snarkjs hashes for a domain of n.
    static func hashedHPoints(domainSize n: Int) -> Int {
        let chunk = 1 << 14
        return n < 2 ? 0 : (n - 2) / chunk * chunk + min(n - 1, chunk)
    }

    /// The hash of an initial key (δ = 1) with these points; `h` holds the
    /// ``hashedHPoints(domainSize:)`` differences [τ^(i+n)]₁ − [τ^i]₁.
    static func compute(
        alpha1: G1Affine, beta1: G1Affine, beta2: G2Affine, domainSize n: Int,
        ic: [G1Affine], h: [G1Affine], c: [G1Affine], a: [G1Affine], b1: [G1Affine], b2: [G2Affine]
    ) -> [UInt8] {
        var hasher = Blake2b512()
        for point in [alpha1, beta1] { hasher.update(SnarkJSPointCoding.uncompressed(point)) }
        hasher.update(SnarkJSPointCoding.uncompressed(beta2))
        hasher.update(SnarkJSPointCoding.uncompressed(G2Affine.generator))
        hasher.update(SnarkJSPointCoding.uncompressed(G1Affine.generator))
        hasher.update(SnarkJSPointCoding.uncompressed(G2Affine.generator))
        func hashCount(_ count: Int) { hasher.update((0..<4).map { UInt8(truncatingIfNeeded: UInt32(count) >> (24 - 8 * UInt32($0))) }) }
        func hashPoints(_ points: [G1Affine]) { for point in points { hasher.update(SnarkJSPointCoding.uncompressed(point)) } }
        hashCount(ic.count)
        hashPoints(ic)
        hashCount(n - 1)
        hashPoints(h)
        for section in [c, a, b1] {
            hashCount(section.count)
            hashPoints(section)
        }
        hashCount(b2.count)
        for point in b2 { hasher.update(SnarkJSPointCoding.uncompressed(point)) }
        return hasher.digest()
    }
}
