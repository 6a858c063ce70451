import Algebra

/// An EdDSA-Poseidon signature (R8, S), as circomlibjs makes it.
public struct EdDSASignature: Equatable, Sendable {
    /// The commitment R8 = r·Base8.
    public let r8: BabyJubJubPoint
    /// S, below the subgroup order l.
    public let s: Fr

    /// A signature from its parts; S must be below l and R8 on the curve.
    public init(r8x: Fr, r8y: Fr, s: Fr) throws {
        let point = BabyJubJubPoint(x: r8x, y: r8y)
        guard point.isOnCurve else { throw EdDSAError.badSignaturePoint(.notOnCurve) }
        guard s.integer < BabyJubJubPoint.subgroupOrderInteger else { throw EdDSAError.nonCanonicalS }
        r8 = point
        self.s = s
    }

    init(trusted r8: BabyJubJubPoint, s: Fr) {
        self.r8 = r8
        self.s = s
    }

    /// circomlibjs' packSignature: packed R8 (32 bytes) ‖ S little-endian (32 bytes).
    public var packed: [UInt8] { r8.packed + Array(s.bigEndianBytes.reversed()) }

    /// circomlibjs' unpackSignature, with S checked to be canonical.
    public init(packed bytes: [UInt8]) throws {
        guard bytes.count == 64 else { throw EdDSAError.wrongSignatureLength(bytes.count) }
        let point: BabyJubJubPoint
        do {
            point = try BabyJubJubPoint(packed: Array(bytes[0..<32]))
        } catch let error as BabyJubJubPoint.PackingError {
            throw EdDSAError.badSignaturePoint(error)
        }
        guard let s = try? Fr(bigEndianBytes: Array(bytes[32..<64].reversed())) else { throw EdDSAError.nonCanonicalS }
        let (x, y) = point.affine
        try self.init(r8x: x, r8y: y, s: s)
    }

    /// The affine R8.
    public var r8Affine: (x: Fr, y: Fr) { r8.affine }
}
