import Algebra

/// iden3's binary container, shared by circom's and snarkjs' .r1cs, .wtns,
/// .zkey and .ptau files: the 4-byte magic, a u32 version, a u32 section
/// count, then each section as a u32 type, a u64 byte size and its bytes.
/// Integers are little-endian; field elements take `fieldSize` bytes,
/// little-endian, in standard (not Montgomery) form.
public struct Iden3BinaryFile: Sendable {
    public let magic: String
    public let version: UInt32
    public private(set) var sections: [(type: UInt32, bytes: [UInt8])] = []

    public init(magic: String, version: UInt32) {
        precondition(magic.utf8.count == 4, "an iden3 magic is 4 bytes")
        self.magic = magic
        self.version = version
    }

    /// Appends a section of `type` with what `write` puts in it.
    public mutating func addSection(_ type: UInt32, _ write: (inout Iden3Writer) -> Void) {
        var writer = Iden3Writer()
        write(&writer)
        sections.append((type, writer.bytes))
    }

    /// The file's bytes.
    public var encoded: [UInt8] {
        var writer = Iden3Writer()
        writer.bytes += Array(magic.utf8)
        writer.u32(version)
        writer.u32(UInt32(sections.count))
        for (type, bytes) in sections {
            writer.u32(type)
            writer.u64(UInt64(bytes.count))
            writer.bytes += bytes
        }
        return writer.bytes
    }

    /// The bytes of BN254's scalar field elements in these files.
    public static let fieldSize = 32
}

/// Little-endian integers and field elements, appended.
public struct Iden3Writer: Sendable {
    public var bytes: [UInt8] = []

    public init() {}

    public mutating func u32(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    public mutating func u64(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    /// A field element's canonical value, 32 bytes little-endian.
    public mutating func field(_ value: Fr) {
        bytes += value.bigEndianBytes.reversed()
    }

    /// The scalar field's modulus r, 32 bytes little-endian.
    public mutating func scalarModulus() {
        for limb in FrParameters.derived.modulusLimbs { u64(limb) }
    }
}
