import Foundation
import Hummingbird
import Support

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
        do { return try decoder.decode(T.self, from: Data(bytes)) } catch let error as DecodingError { throw APIError.badRequest(error.sentence(document: "the body")) }
    }
}
