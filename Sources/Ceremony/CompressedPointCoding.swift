import Algebra
import Groth16

/// snarkjs's compressed point form (ffjavascript's `LEMtoC`), which a
/// .ptau contribution's response hash covers: x big-endian (G2: x.c1 then
/// x.c0), the top bit of the first byte set when y is the larger root (y
/// above (q − 1)/2; for Fq2 judged on y.c1 unless it is zero), and 0x40
/// alone for the identity.
enum CompressedPointCoding {
    static func compressed(_ point: G1Affine) -> [UInt8] {
        if point.isInfinity { return [0x40] + [UInt8](repeating: 0, count: 31) }
        var bytes = point.x.bigEndianBytes
        if point.y.isLexicographicallyLarge { bytes[0] |= 0x80 }
        return bytes
    }

    static func compressed(_ point: G2Affine) -> [UInt8] {
        if point.isInfinity { return [0x40] + [UInt8](repeating: 0, count: 63) }
        var bytes = point.x.c1.bigEndianBytes + point.x.c0.bigEndianBytes
        if SnarkJSSampling.isNegative(point.y) { bytes[0] |= 0x80 }
        return bytes
    }
}
