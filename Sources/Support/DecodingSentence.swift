/// What a decoding error means for whoever wrote the document, in their
/// words: the field named by its path, never the decoder's own text.
extension DecodingError {
    /// A sentence about `document` (such as "the body" or "l1.json").
    public func sentence(document: String) -> String {
        func path(_ keys: [any CodingKey]) -> String { String(keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".").prefix(128)) }
        switch self {
        case .keyNotFound(let key, let context): return "the field \(path(context.codingPath + [key])) is missing"
        case .typeMismatch(_, let context) where context.codingPath.isEmpty, .valueNotFound(_, let context) where context.codingPath.isEmpty:
            return "\(document) is not one JSON object"
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return "the field \(path(context.codingPath)) has the wrong JSON type or is null"
        case .dataCorrupted(let context) where !context.codingPath.isEmpty: return "the field \(path(context.codingPath)) does not hold"
        // Foundation says the same, with no path, of a number out of its field's range.
        default: return "\(document) is not JSON, or holds a number out of its field's range"
        }
    }
}
