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
    public mutating func addSection(_ type: UInt32, _ write: (inout LittleEndianWriter) -> Void) {
        var writer = LittleEndianWriter()
        write(&writer)
        sections.append((type, writer.bytes))
    }

    /// The file's bytes.
    public var encoded: [UInt8] {
        var writer = LittleEndianWriter()
        writer.write(Array(magic.utf8))
        writer.write(version)
        writer.write(UInt32(sections.count))
        for (type, bytes) in sections {
            writer.write(type)
            writer.write(UInt64(bytes.count))
            writer.write(bytes)
        }
        return writer.bytes
    }

    /// The bytes of BN254's scalar field elements in these files.
    public static let fieldSize = 32
}

extension LittleEndianWriter {
    /// The scalar field's modulus r, 32 bytes little-endian (iden3 headers).
    public mutating func writeScalarModulus() {
        for limb in FrParameters.derived.modulusLimbs { write(limb) }
    }
}
