/// Why a transaction's JSON field is refused: the API answers 400 for an
/// invalid field and 422 for an amount that the packed format cannot hold,
/// each naming the field.
public enum TransactionFieldError: Error, Equatable, CustomStringConvertible {
    case invalid(field: String, reason: String)
    case notPackable(field: String, value: UInt128, closest: UInt128)

    /// The JSON field refused.
    public var field: String {
        switch self {
        case .invalid(let field, _), .notPackable(let field, _, _): return field
        }
    }

    public var description: String {
        switch self {
        case .invalid(let field, let reason): return "\(field) \(reason)"
        case .notPackable(let field, let value, let closest):
            return "\(field) \(value) is not packable; the closest packable value below it is \(closest)"
        }
    }
}
