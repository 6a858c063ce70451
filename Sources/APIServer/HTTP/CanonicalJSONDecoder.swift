import Foundation
import Hummingbird

/// The API's request decoder: JSON with one reading (``OneReadingJSON``:
/// UTF-8, integers in their one decimal spelling, no key twice in an
/// object, no trailing comma, no byte-order mark), then decoded by
/// Foundation's JSONDecoder, which refuses a field the request does not
/// have (``Swift/CodingUserInfoKey/refusesForeignFields``).
public struct CanonicalJSONDecoder: RequestDecoder {
    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws -> T {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        let bytes = Array(buffer.readableBytesView)
        if let violation = OneReadingJSON.violation(in: bytes) { throw APIError.badRequest(violation) }
        let decoder = JSONDecoder()
        decoder.userInfo[.refusesForeignFields] = true
        do { return try decoder.decode(T.self, from: Data(bytes)) } catch let error as DecodingError { throw APIError.badRequest(Self.sentence(error)) }
    }

    /// What a decoding error means for the client, in its words: the field
    /// named by its path, never the decoder's own text.
    static func sentence(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String { String(keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".").prefix(128)) }
        switch error {
        case .keyNotFound(let key, let context): return "the field \(path(context.codingPath + [key])) is missing"
        case .typeMismatch(_, let context) where context.codingPath.isEmpty, .valueNotFound(_, let context) where context.codingPath.isEmpty:
            return "a body is one JSON object"
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return "the field \(path(context.codingPath)) has the wrong JSON type or is null"
        case .dataCorrupted(let context) where !context.codingPath.isEmpty: return "the field \(path(context.codingPath)) does not hold"
        default: return "the body is not JSON"
        }
    }
}
