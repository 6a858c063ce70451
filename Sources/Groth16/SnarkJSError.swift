import Algebra

/// Why a snarkjs JSON file could not be read.
public enum SnarkJSError: Error, Equatable, CustomStringConvertible {
    /// Not JSON, or not the expected shape.
    case malformed(file: String, detail: String)
    /// "protocol" or "curve" is not Groth16 on BN254.
    case unsupported(file: String, field: String, value: String)
    /// A point in the file is not a valid group element.
    case badPoint(file: String, field: String, error: CurveDecodingError)
    /// A public input is not an Fr element.
    case badInput(index: Int, error: FieldEncodingError)
    /// nPublic does not match the number of IC points.
    case inconsistentKey(String)

    public var description: String {
        switch self {
        case .malformed(let file, let detail): return "\(file) is not valid snarkjs JSON: \(detail)"
        case .unsupported(let file, let field, let value):
            return "\(file): \(field) \"\(value)\" is not supported (only groth16 on bn128)"
        case .badPoint(let file, let field, let error): return "\(file): \(field): \(error)"
        case .badInput(let index, let error): return "public.json: input #\(index): \(error)"
        case .inconsistentKey(let detail): return "verification_key.json is inconsistent: \(detail)"
        }
    }
}
