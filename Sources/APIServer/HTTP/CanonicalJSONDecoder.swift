import Foundation
import Hummingbird

/// The API's request decoder: JSON whose numbers are written as integers in
/// their one decimal spelling (docs/PROTOCOL.md: no fraction, exponent,
/// leading zero or "-0"), then decoded by Foundation's JSONDecoder. That
/// decoder alone takes `1.0`, `1e0` and `-0` for the integer 1 or 0; every
/// number our requests carry (account ids, nonces) is an integer, and a
/// value has one spelling on the wire.
public struct CanonicalJSONDecoder: RequestDecoder {
    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws -> T {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        let bytes = Array(buffer.readableBytesView)
        if let number = Self.firstNonCanonicalNumber(in: bytes) {
            throw APIError.badRequest("the number \(number) is not an integer in its plain decimal form (no fraction, exponent, leading zero or -0)")
        }
        return try JSONDecoder().decode(T.self, from: Data(bytes))
    }

    /// The first number token outside strings that is not `0` or
    /// `-?[1-9][0-9]*`, as text; nil when every number is canonical. Bytes
    /// that are not JSON are left for JSONDecoder to refuse.
    static func firstNonCanonicalNumber(in bytes: [UInt8]) -> String? {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                // Skip the string, escapes included.
                index += 1
                while index < bytes.count && bytes[index] != UInt8(ascii: "\"") {
                    index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
                }
                index += 1
            } else if byte == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                let start = index
                while index < bytes.count, Self.numberBytes.contains(bytes[index]) { index += 1 }
                let token = Array(bytes[start..<index])
                if !Self.isCanonicalInteger(token) { return String(decoding: token, as: UTF8.self) }
            } else {
                index += 1
            }
        }
        return nil
    }

    private static let numberBytes = Set("0123456789+-.eE".utf8)

    private static func isCanonicalInteger(_ token: [UInt8]) -> Bool {
        let digits = token.first == UInt8(ascii: "-") ? token.dropFirst() : token[...]
        guard let first = digits.first, digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return false }
        if first == UInt8(ascii: "0") { return digits.count == 1 && token.count == 1 }  // "0", never "-0" or "01"
        return true
    }
}
