import Algebra
import CFieldKernel

/// The byte forms snarkjs gives points.
///
/// - In files (.zkey, .ptau): coordinates little-endian in Montgomery form
///   (x·R mod q, R = 2²⁵⁶); G1 is x ‖ y, G2 x.c0 ‖ x.c1 ‖ y.c0 ‖ y.c1; the
///   identity is all zeros.
/// - In hashes ("uncompressed", ffjavascript's `toRprUncompressed`):
///   canonical values big-endian; G1 is x ‖ y, G2 x.c1 ‖ x.c0 ‖ y.c1 ‖
///   y.c0 (each Fq2 element's 64 little-endian bytes reversed); the
///   identity is all zeros.
public enum SnarkJSPointCoding {
    /// Four limbs as 32 little-endian bytes.
    public static func littleEndian(_ limbs: fk_u256) -> [UInt8] { littleEndian([limbs.l.0, limbs.l.1, limbs.l.2, limbs.l.3]) }

    public static func littleEndian(_ limbs: [UInt64]) -> [UInt8] {
        limbs.flatMap { limb in (0..<8).map { UInt8(truncatingIfNeeded: limb >> (8 * UInt64($0))) } }
    }

    /// A G1 point as stored in files: 64 bytes.
    public static func montgomery(_ point: G1Affine) -> [UInt8] {
        if point.isInfinity { return [UInt8](repeating: 0, count: 64) }
        return littleEndian(point.x.montgomeryForm) + littleEndian(point.y.montgomeryForm)
    }

    /// A G2 point as stored in files: 128 bytes.
    public static func montgomery(_ point: G2Affine) -> [UInt8] {
        if point.isInfinity { return [UInt8](repeating: 0, count: 128) }
        return [point.x.c0, point.x.c1, point.y.c0, point.y.c1].flatMap { littleEndian($0.montgomeryForm) }
    }

    /// A G1 point as snarkjs hashes it: 64 bytes.
    public static func uncompressed(_ point: G1Affine) -> [UInt8] {
        if point.isInfinity { return [UInt8](repeating: 0, count: 64) }
        return point.x.bigEndianBytes + point.y.bigEndianBytes
    }

    /// A G2 point as snarkjs hashes it: 128 bytes.
    public static func uncompressed(_ point: G2Affine) -> [UInt8] {
        if point.isInfinity { return [UInt8](repeating: 0, count: 128) }
        return [point.x.c1, point.x.c0, point.y.c1, point.y.c0].flatMap { $0.bigEndianBytes }
    }
}
