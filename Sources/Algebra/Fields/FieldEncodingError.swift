/// Why text or bytes could not be read as a field element.
public enum FieldEncodingError: Error, Equatable, CustomStringConvertible {
    /// The text is not a base-10 (or, for hex, base-16) integer.
    case notAnInteger(String)
    /// The integer is not below the field's modulus.
    case notBelowModulus(value: String, modulus: String)
    /// A byte encoding had the wrong length.
    case wrongByteCount(expected: Int, actual: Int)

    public var description: String {
        switch self {
        case .notAnInteger(let text):
            let shown = text.count > 80 ? String(text.prefix(80)) + "…" : text
            return "'\(shown)' is not a non-negative integer"
        case .notBelowModulus(let value, let modulus):
            return "\(value) is not a field element: it must be below \(modulus)"
        case .wrongByteCount(let expected, let actual):
            return "a field element takes \(expected) bytes, got \(actual)"
        }
    }
}
