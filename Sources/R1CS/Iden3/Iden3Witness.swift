import Algebra

/// A witness file as circom's witness calculators and snarkjs write it
/// (iden3's .wtns, version 2): section 1 holds the field size (32), the
/// prime r and the value count; section 2 the values [1, public…,
/// private…], 32 bytes little-endian each, in standard form.
public enum Iden3Witness {
    /// Why bytes are not a BN254 witness file.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case container(Iden3BinaryFile.FormatError)
        case malformed(String)

        public var description: String {
            switch self {
            case .container(let error): return error.description
            case .malformed(let detail): return "the witness file is malformed: \(detail)"
            }
        }
    }

    /// The values of a .wtns file.
    public static func decode(_ bytes: [UInt8], file: String = "witness") throws(Failure) -> [Fr] {
        let container: Iden3BinaryFile
        do { container = try Iden3BinaryFile(decoding: bytes, magic: "wtns", file: file) } catch { throw .container(error) }
        guard let header = container.section(1), let body = container.section(2), header.count == 40 else {
            throw .malformed("it needs a 40-byte header section 1 and a values section 2")
        }
        var modulus = LittleEndianWriter()
        modulus.writeScalarModulus()
        guard Array(header[0..<4]) == [32, 0, 0, 0], Array(header[4..<36]) == modulus.bytes else {
            throw .malformed("its field is not BN254's scalar field in 32 bytes")
        }
        let count = header[36..<40].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        guard body.count == count * 32 else { throw .malformed("the header says \(count) values, section 2 holds \(body.count) bytes") }
        var values = [Fr]()
        values.reserveCapacity(count)
        for index in 0..<count {
            let bytes = Array(body[(index * 32)..<(index * 32 + 32)])
            guard let value = try? Fr(bigEndianBytes: bytes.reversed()) else { throw .malformed("value \(index) is not below r") }
            values.append(value)
        }
        return values
    }
}
