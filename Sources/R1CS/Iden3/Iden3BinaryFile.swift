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

    /// Why bytes are not a file of this container.
    public enum FormatError: Error, Equatable, CustomStringConvertible {
        case wrongMagic(file: String, expected: String)
        case truncated(file: String, at: Int)
        case trailingBytes(file: String, count: Int)

        public var description: String {
            switch self {
            case .wrongMagic(let file, let expected): return "\(file) is not a '\(expected)' file (wrong magic)"
            case .truncated(let file, let at): return "\(file) ends early, at byte \(at)"
            case .trailingBytes(let file, let count): return "\(file) has \(count) bytes after its last section"
            }
        }
    }

    /// Reads a file of this container: its magic must be `magic`; the
    /// sections are kept in file order.
    public init(decoding bytes: [UInt8], magic: String, file: String) throws(FormatError) {
        guard bytes.count >= 12, Array(bytes.prefix(4)) == Array(magic.utf8) else { throw .wrongMagic(file: file, expected: magic) }
        func u32(_ at: Int) -> UInt32 { (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[at + $1]) << (8 * UInt32($1)) } }
        func u64(_ at: Int) -> UInt64 { (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[at + $1]) << (8 * UInt64($1)) } }
        self.magic = magic
        version = u32(4)
        var offset = 12
        for _ in 0..<u32(8) {
            guard offset + 12 <= bytes.count else { throw .truncated(file: file, at: offset) }
            let type = u32(offset), size = u64(offset + 4)
            guard size <= UInt64(bytes.count - offset - 12) else { throw .truncated(file: file, at: offset) }
            sections.append((type, Array(bytes[(offset + 12)..<(offset + 12 + Int(size))])))
            offset += 12 + Int(size)
        }
        guard offset == bytes.count else { throw .trailingBytes(file: file, count: bytes.count - offset) }
    }

    /// The bytes of the first section of `type`.
    public func section(_ type: UInt32) -> [UInt8]? { sections.first { $0.type == type }?.bytes }

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
