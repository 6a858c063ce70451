import CFieldKernel

/// Appends little-endian encodings: the integers and field elements of the
/// project's binary files (key files, iden3's .r1cs and .wtns).
public struct LittleEndianWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public mutating func reserveCapacity(_ count: Int) { bytes.reserveCapacity(count) }

    public mutating func write(_ raw: [UInt8]) { bytes.append(contentsOf: raw) }

    public mutating func write(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }

    public mutating func write(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }

    /// 32 bytes: the canonical (not Montgomery) value's limbs, little-endian.
    public mutating func write<P>(_ element: PrimeFieldElement<P>) {
        let limbs = element.canonical
        for limb in [limbs.l.0, limbs.l.1, limbs.l.2, limbs.l.3] { write(limb) }
    }
}
