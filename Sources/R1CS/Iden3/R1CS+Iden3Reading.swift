import Algebra
import CFieldKernel

extension R1CS {
    /// Why bytes are not a circom .r1cs this system can read.
    public enum Iden3ReadingError: Error, Equatable, CustomStringConvertible {
        case container(Iden3BinaryFile.FormatError)
        case malformed(String)

        public var description: String {
            switch self {
            case .container(let error): return error.description
            case .malformed(let detail): return "the .r1cs is malformed: \(detail)"
            }
        }
    }

    /// Reads circom's .r1cs (version 1, BN254's scalar field): wire 0 the
    /// constant one, then the public outputs and inputs, then the private
    /// wires. Each term list must name its wires in ascending order, each
    /// once, with non-zero coefficients below r, as circom and
    /// ``iden3Binary`` write them; other lists are refused, since snarkjs
    /// would key them term by term.
    public init(iden3Binary bytes: [UInt8], file: String = "the .r1cs") throws(Iden3ReadingError) {
        let container: Iden3BinaryFile
        do { container = try Iden3BinaryFile(decoding: bytes, magic: "r1cs", file: file) } catch { throw .container(error) }
        guard container.version == 1 else { throw .malformed("version \(container.version); only version 1 is read") }
        guard let header = container.section(1), header.count == 64 else { throw .malformed("section 1 (the header) must be 64 bytes") }
        guard let body = container.section(2) else { throw .malformed("it has no constraints section (2)") }
        func u32(_ bytes: [UInt8], _ at: Int) -> Int { (0..<4).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) } }
        var modulus = LittleEndianWriter()
        modulus.writeScalarModulus()
        guard u32(header, 0) == 32, Array(header[4..<36]) == modulus.bytes else { throw .malformed("its field is not BN254's scalar field") }
        let wires = u32(header, 36), outputs = u32(header, 40), publicInputs = u32(header, 44)
        let constraints = u32(header, 60)
        let publicCount = 1 + outputs + publicInputs
        guard wires >= publicCount, wires < Int(Int32.max), constraints <= body.count / 12 else {
            throw .malformed("its header's counts (\(wires) wires, \(publicCount) public, \(constraints) constraints) do not fit")
        }
        var offset = 0
        func read(_ count: Int) throws(Iden3ReadingError) -> ArraySlice<UInt8> {
            guard offset + count <= body.count else { throw .malformed("the constraints section ends early, at byte \(offset)") }
            defer { offset += count }
            return body[offset..<(offset + count)]
        }
        var matrices = [SparseMatrix(), SparseMatrix(), SparseMatrix()]
        for constraint in 0..<constraints {
            for matrix in 0..<3 {
                let count = u32(Array(try read(4)), 0)
                var terms = [(Int, Fr)]()
                var previous = -1
                for _ in 0..<count {
                    let wire = u32(Array(try read(4)), 0)
                    let value = Array(try read(32))
                    func limb(_ i: Int) -> UInt64 { (0..<8).reduce(UInt64(0)) { $0 | UInt64(value[8 * i + $1]) << (8 * UInt64($1)) } }
                    guard wire > previous, wire < wires else {
                        throw .malformed("constraint \(constraint) names wire \(wire) out of order or out of range")
                    }
                    guard let coefficient = Fr(validating: fk_u256(l: (limb(0), limb(1), limb(2), limb(3)))), !coefficient.isZero else {
                        throw .malformed("constraint \(constraint) has a coefficient that is zero or not below r")
                    }
                    previous = wire
                    terms.append((wire, coefficient))
                }
                matrices[matrix].appendRow(terms)
            }
        }
        guard offset == body.count else { throw .malformed("\(body.count - offset) bytes follow the last constraint") }
        self.publicCount = publicCount
        privateCount = wires - publicCount
        (a, b, c) = (matrices[0], matrices[1], matrices[2])
    }
}
