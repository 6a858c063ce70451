import APIContract
import APISchema
import ArgumentParser
import Foundation

/// `rollup openapi-schemas --update docs/openapi.json`: rewrites the
/// document's `components.schemas` from the contract's types (their
/// properties, JSON types and required fields), keeping the document's
/// descriptions. A test fails while the document and the types disagree.
struct OpenAPISchemasCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "openapi-schemas",
        abstract: "Rewrite the OpenAPI document's component schemas from the API's contract types (for developers).",
        shouldDisplay: false
    )

    @Option(help: "The OpenAPI document to update in place.")
    var update: String

    func run() throws {
        let document: JSONValue
        do { document = try JSONDecoder().decode(JSONValue.self, from: try readFile(update)) } catch {
            throw CommandFailure("\(update) is not JSON: \(error)")
        }
        guard var members = document.object, var components = document["components"]?.object else {
            throw CommandFailure("\(update) is not an OpenAPI document with components")
        }
        var schemas = components["schemas"]?.object ?? [:]
        for component in try APIComponents.all {
            schemas[component.name] = APISchemaInference.merged(try APISchemaInference.schema(of: component), prose: schemas[component.name])
        }
        components["schemas"] = .object(schemas)
        members["components"] = .object(components)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Foundation writes `"key" : value`; the document is kept as `"key": value`.
        let lines = String(decoding: try encoder.encode(JSONValue.object(members)), as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map { line in
            guard let range = line.range(of: "\" : ") else { return String(line) }
            return line.replacingCharacters(in: range, with: "\": ")
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: update, atomically: true, encoding: .utf8)
        print("updated the component schemas of \(update) from the contract's types; the next build embeds it")
    }
}
