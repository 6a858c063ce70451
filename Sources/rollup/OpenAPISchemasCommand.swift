import APIContract
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
        guard var document = try JSONSerialization.jsonObject(with: try readFile(update)) as? [String: Any],
              var components = document["components"] as? [String: Any]
        else { throw CommandFailure("\(update) is not an OpenAPI document with components") }
        var schemas = components["schemas"] as? [String: Any] ?? [:]
        for component in try APIComponents.all {
            schemas[component.name] = APISchemaInference.merged(
                try APISchemaInference.schema(of: component), prose: schemas[component.name] as? [String: Any])
        }
        components["schemas"] = schemas
        document["components"] = components
        let data = try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        // Foundation writes `"key" : value`; the document is kept as `"key": value`.
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map { line in
            guard let range = line.range(of: "\" : ") else { return String(line) }
            return line.replacingCharacters(in: range, with: "\": ")
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: update, atomically: true, encoding: .utf8)
        print("updated the component schemas of \(update) from the contract's types; run scripts/gen_openapi_embed.py to embed it")
    }
}
