import APIContract
import Foundation

/// The structure of a JSON answer or request, inferred from the contract's
/// own types: each example is encoded, its keys give the properties and
/// their JSON types, and the keys of an example with every optional field
/// absent give the required ones. docs/openapi.json's `components.schemas`
/// is written from this (`rollup openapi-schemas`), and a test fails while
/// the document and the types disagree.
public enum APISchemaInference {
    /// One component: examples of each variant (a union, such as a
    /// transaction of any kind, has one per kind), and the properties that
    /// refer to another component.
    public struct Component {
        public let name: String
        /// Per variant: an example with every optional field present, and one with none.
        let variants: [(full: any Encodable, minimal: any Encodable)]
        /// Property → component it holds (an array of them when the property is an array).
        let references: [String: String]
        /// The property whose value names a union's variant ("type").
        let discriminator: String?

        init(
            _ name: String, _ variants: [(full: any Encodable, minimal: any Encodable)], references: [String: String] = [:],
            discriminator: String? = nil
        ) {
            self.name = name
            self.variants = variants
            self.references = references
            self.discriminator = discriminator
        }
    }

    /// The schema of `component`: an object schema, or `oneOf` them for a union.
    public static func schema(of component: Component) throws -> JSONValue {
        let objects = try component.variants.map { variant in
            let full = try JSONValue(encoding: variant.full)
            var object = try objectSchema(full: full, minimal: try JSONValue(encoding: variant.minimal), references: component.references)
            if let discriminator = component.discriminator, let value = full[discriminator]?.string, var properties = object["properties"]?.object {
                properties[discriminator] = .object(["type": .string("string"), "enum": .array([.string(value)])])
                object["properties"] = .object(properties)
            }
            return JSONValue.object(object)
        }
        return objects.count == 1 ? objects[0] : .object(["oneOf": .array(objects)])
    }

    static func objectSchema(full: JSONValue, minimal: JSONValue?, references: [String: String] = [:]) throws -> [String: JSONValue] {
        guard let object = full.object else { return try schema(of: full, minimal: minimal) }
        let minimalObject = minimal?.object
        var properties = [String: JSONValue]()
        for (key, value) in object {
            if let reference = references[key] {
                let ref = JSONValue.object(["$ref": .string("#/components/schemas/\(reference)")])
                properties[key] = value.array != nil ? .object(["type": .string("array"), "items": ref]) : ref
            } else {
                properties[key] = .object(try schema(of: value, minimal: minimalObject?[key]))
            }
        }
        var result: [String: JSONValue] = ["type": .string("object"), "properties": .object(properties)]
        let required = (minimalObject?.keys).map { Array($0).sorted() } ?? []
        if !required.isEmpty { result["required"] = .array(required.map { .string($0) }) }
        return result
    }

    static func schema(of value: JSONValue, minimal: JSONValue?) throws -> [String: JSONValue] {
        switch value {
        case .array(let array):
            guard let first = array.first else {
                throw InferenceError(description: "an example array is empty: give the full example one element")
            }
            return ["type": .string("array"), "items": .object(try schema(of: first, minimal: minimal?.array?.first ?? first))]
        case .object: return try objectSchema(full: value, minimal: minimal ?? value)
        case .string: return ["type": .string("string")]
        // Examples of fractional fields are fractional, so they decode as numbers.
        case .integer: return ["type": .string("integer")]
        case .number: return ["type": .string("number")]
        case .bool, .null: throw InferenceError(description: "an example holds \(value.text), which JSON schemas here do not describe")
        }
    }

    /// The keys of a schema that are prose, kept from the document: the
    /// types decide everything else.
    static let proseKeys: Set<String> = ["description", "enum", "format", "example", "summary"]

    /// `generated`, with the prose of `existing` (the document's schema at
    /// the same place) carried over: descriptions, enums and formats, by
    /// property name, into each variant of a union.
    public static func merged(_ generated: JSONValue, prose existing: JSONValue?) -> JSONValue {
        guard let existing = existing?.object, var result = generated.object else { return generated }
        for key in proseKeys where result[key] == nil { result[key] = existing[key] }
        if let properties = generated["properties"]?.object {
            let old = existing["properties"]?.object ?? flattenedProperties(existing)
            result["properties"] = .object(Dictionary(uniqueKeysWithValues: properties.map { key, value in (key, merged(value, prose: old[key])) }))
        }
        if let items = generated["items"] {
            result["items"] = merged(items, prose: existing["items"])
        }
        if let variants = generated["oneOf"]?.array {
            let old = existing["oneOf"]?.array
            // A document whose schema was one flat object lends its properties' prose to every variant.
            let flat = JSONValue.object(["properties": existing["properties"] ?? .object([:])])
            result["oneOf"] = .array(variants.enumerated().map { index, variant in
                merged(variant, prose: old.map { index < $0.count ? $0[index] : .object([:]) } ?? flat)
            })
        }
        return .object(result)
    }

    /// The properties of every variant of a union, by name.
    static func flattenedProperties(_ schema: [String: JSONValue]) -> [String: JSONValue] {
        var properties = [String: JSONValue]()
        for variant in schema["oneOf"]?.array ?? [] {
            for (key, value) in variant["properties"]?.object ?? [:] where properties[key] == nil { properties[key] = value }
        }
        return properties
    }

    /// A schema without its prose: what the types decide.
    public static func structure(_ schema: JSONValue) -> JSONValue {
        switch schema {
        case .object(let members): .object(members.filter { !proseKeys.contains($0.key) }.mapValues(structure))
        case .array(let elements): .array(elements.map(structure))
        default: schema
        }
    }

    /// Why a schema cannot be inferred from the examples.
    public struct InferenceError: Error, CustomStringConvertible {
        public let description: String
    }
}
