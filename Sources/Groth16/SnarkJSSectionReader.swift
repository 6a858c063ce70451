import Algebra
import CFieldKernel

/// The failures a snarkjs binary file's sections can show; each file
/// type's error enum provides them as cases.
public protocol SnarkJSSectionFailure: Error {
    static func badSection(_ section: UInt32, _ detail: String) -> Self
    static func badPoint(section: UInt32, index: Int, _ error: CurveDecodingError) -> Self
}

/// Reads one section of a snarkjs binary file (.zkey, .ptau): little-endian
/// integers, field elements and points in Montgomery form
/// (``SnarkJSPointCoding``), each checked.
public struct SnarkJSSectionReader<Failure: SnarkJSSectionFailure> {
    public let bytes: [UInt8]
    public let section: UInt32
    public private(set) var offset = 0

    public init(bytes: [UInt8], section: UInt32) {
        self.bytes = bytes
        self.section = section
    }

    /// Whether every byte has been read.
    public var isAtEnd: Bool { offset == bytes.count }

    public mutating func raw(_ count: Int) throws(Failure) -> [UInt8] {
        guard count >= 0, offset + count <= bytes.count else { throw .badSection(section, "it ends early, at byte \(offset)") }
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }

    public mutating func u32() throws(Failure) -> UInt32 {
        try raw(4).enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
    }

    mutating func limbs() throws(Failure) -> fk_u256 {
        let bytes = try raw(32)
        func limb(_ i: Int) -> UInt64 { (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[8 * i + $1]) << (8 * UInt64($1)) } }
        return fk_u256(l: (limb(0), limb(1), limb(2), limb(3)))
    }

    /// A base-field coordinate in Montgomery form.
    public mutating func fq() throws(Failure) -> Fq {
        guard let value = Fq(montgomeryForm: try limbs()) else { throw .badSection(section, "a coordinate at byte \(offset - 32) is not below q") }
        return value
    }

    /// A scalar-field value: the element whose canonical value is the 32
    /// little-endian bytes.
    public mutating func fr() throws(Failure) -> Fr {
        guard let value = Fr(validating: try limbs()) else { throw .badSection(section, "a value at byte \(offset - 32) is not below r") }
        return value
    }

    /// A G1 point; all zeros is the identity.
    public mutating func g1(_ index: Int) throws(Failure) -> G1Affine {
        let x = try fq(), y = try fq()
        if x.isZero && y.isZero { return .infinity }
        let point = G1Affine(x: x, y: y)
        guard point.isOnCurve else { throw .badPoint(section: section, index: index, .notOnCurve) }
        return point
    }

    /// A G2 point, checked for subgroup membership when `subgroup` is set.
    public mutating func g2(_ index: Int, subgroup: Bool) throws(Failure) -> G2Affine {
        let x = Fq2(try fq(), try fq()), y = Fq2(try fq(), try fq())
        if x.isZero && y.isZero { return .infinity }
        let point = G2Affine(x: x, y: y)
        guard point.isOnCurve else { throw .badPoint(section: section, index: index, .notOnCurve) }
        if subgroup && !point.isValidGroupElement { throw .badPoint(section: section, index: index, .notInSubgroup) }
        return point
    }

    public func finish() throws(Failure) {
        guard offset == bytes.count else { throw .badSection(section, "\(bytes.count - offset) bytes after its last entry") }
    }
}
