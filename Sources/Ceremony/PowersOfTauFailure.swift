import Algebra
import Groth16
import R1CS

/// Why bytes are not a usable .ptau file.
public enum PowersOfTauFailure: SnarkJSSectionFailure, Equatable, CustomStringConvertible {
    case container(Iden3BinaryFile.FormatError)
    case missingSection(UInt32)
    case wrongCurve
    case badSection(UInt32, String)
    case badPoint(section: UInt32, index: Int, CurveDecodingError)

    public var description: String {
        switch self {
        case .container(let error): return error.description
        case .missingSection(let type): return "the ptau has no section \(type)"
        case .wrongCurve: return "the ptau is not over BN254 (its header names another field)"
        case .badSection(let type, let detail): return "the ptau's section \(type) is malformed: \(detail)"
        case .badPoint(let section, let index, let error): return "point \(index) of the ptau's section \(section): \(error)"
        }
    }
}
