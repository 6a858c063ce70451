import APIContract
import Foundation

/// An operation of docs/openapi.json and the statuses it documents: what
/// the contract tests check every answer of the node and the follower against.
public struct DocumentedOperation: Sendable {
    public let method: String
    public let template: String
    public let statuses: Set<Int>

    /// Whether `path` is this operation's; a placeholder takes a non-empty
    /// segment only, so that `/explorer/` is not `/explorer/{file}`.
    public func matches(_ method: String, _ path: String) -> Bool {
        let segments = path.split(separator: "?")[0].split(separator: "/", omittingEmptySubsequences: false)
        let pattern = template.split(separator: "/", omittingEmptySubsequences: false)
        return method == self.method && segments.count == pattern.count
            && zip(segments, pattern).allSatisfy { segment, template in template.hasPrefix("{") ? !segment.isEmpty : segment == template }
    }

    /// Literal segments count more than placeholders, so that by-key/{key} wins over {id}.
    public var specificity: Int { template.split(separator: "/").filter { !$0.hasPrefix("{") }.count }

    /// Every operation of the repository's docs/openapi.json.
    public static func all() throws -> [DocumentedOperation] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/openapi.json")
        guard let paths = try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: url))["paths"]?.object else {
            throw FixtureFailure("\(url.path) has no paths object")
        }
        return paths.flatMap { template, operations in
            (operations.object ?? [:]).compactMap { method, operation in
                guard let responses = operation["responses"]?.object else { return nil }
                return DocumentedOperation(method: method.uppercased(), template: template, statuses: Set(responses.keys.compactMap { Int($0) }))
            }
        }
    }
}
