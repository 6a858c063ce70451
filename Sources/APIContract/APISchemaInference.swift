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

    /// The schema of `component` as JSON (Foundation values): an object
    /// schema, or `oneOf` them for a union.
    public static func schema(of component: Component) throws -> [String: Any] {
        let objects = try component.variants.map { variant in
            let full = try encode(variant.full)
            var object = try objectSchema(full: full, minimal: try encode(variant.minimal), references: component.references)
            if let discriminator = component.discriminator, let value = (full as? [String: Any])?[discriminator] as? String,
               var properties = object["properties"] as? [String: Any] {
                properties[discriminator] = ["type": "string", "enum": [value]]
                object["properties"] = properties
            }
            return object
        }
        return objects.count == 1 ? objects[0] : ["oneOf": objects]
    }

    static func encode(_ value: any Encodable) throws -> Any {
        try JSONSerialization.jsonObject(with: try JSONEncoder().encode(value), options: [.fragmentsAllowed])
    }

    static func objectSchema(full: Any, minimal: Any?, references: [String: String] = [:]) throws -> [String: Any] {
        guard let object = full as? [String: Any] else { return try schema(of: full, minimal: minimal) }
        let minimalObject = minimal as? [String: Any]
        var properties = [String: Any]()
        for (key, value) in object {
            if let reference = references[key] {
                let ref = ["$ref": "#/components/schemas/\(reference)"]
                properties[key] = value is [Any] ? ["type": "array", "items": ref] : ref
            } else {
                properties[key] = try schema(of: value, minimal: minimalObject?[key])
            }
        }
        var result: [String: Any] = ["type": "object", "properties": properties]
        let required = (minimalObject?.keys).map { Array($0).sorted() } ?? []
        if !required.isEmpty { result["required"] = required }
        return result
    }

    static func schema(of value: Any, minimal: Any?) throws -> [String: Any] {
        if let array = value as? [Any] {
            guard let first = array.first else {
                throw InferenceError(description: "an example array is empty: give the full example one element")
            }
            let minimalFirst = (minimal as? [Any])?.first ?? first
            return ["type": "array", "items": try schema(of: first, minimal: minimalFirst)]
        }
        if value is [String: Any] { return try objectSchema(full: value, minimal: minimal ?? value) }
        return try valueSchema(value)
    }

    static func valueSchema(_ value: Any) throws -> [String: Any] {
        switch value {
        case is String: return ["type": "string"]
        case let number as NSNumber:
            // Examples of fractional fields are fractional, so their text has a point.
            let text = String(describing: number)
            return ["type": text.contains(".") || text.contains("e") ? "number" : "integer"]
        default: throw InferenceError(description: "an example holds \(type(of: value)), which JSON schemas here do not describe")
        }
    }

    /// The keys of a schema that are prose, kept from the document: the
    /// types decide everything else.
    static let proseKeys: Set<String> = ["description", "enum", "format", "example", "summary"]

    /// `generated`, with the prose of `existing` (the document's schema at
    /// the same place) carried over: descriptions, enums and formats, by
    /// property name, into each variant of a union.
    public static func merged(_ generated: [String: Any], prose existing: [String: Any]?) -> [String: Any] {
        guard let existing else { return generated }
        var result = generated
        for key in proseKeys where result[key] == nil { result[key] = existing[key] }
        if let properties = generated["properties"] as? [String: Any] {
            let old = (existing["properties"] as? [String: Any]) ?? flattenedProperties(existing)
            result["properties"] = Dictionary(uniqueKeysWithValues: properties.map { key, value in
                (key, merged(value as? [String: Any] ?? [:], prose: old[key] as? [String: Any]))
            })
        }
        if let items = generated["items"] as? [String: Any] {
            result["items"] = merged(items, prose: existing["items"] as? [String: Any])
        }
        if let variants = generated["oneOf"] as? [[String: Any]] {
            let old = existing["oneOf"] as? [[String: Any]]
            // A document whose schema was one flat object lends its properties' prose to every variant.
            let flat: [String: Any] = ["properties": (existing["properties"] as? [String: Any]) ?? [:]]
            result["oneOf"] = variants.enumerated().map { index, variant in
                merged(variant, prose: old.map { index < $0.count ? $0[index] : [:] } ?? flat)
            }
        }
        return result
    }

    /// The properties of every variant of a union, by name.
    static func flattenedProperties(_ schema: [String: Any]) -> [String: Any] {
        var properties = [String: Any]()
        for variant in schema["oneOf"] as? [[String: Any]] ?? [] {
            for (key, value) in variant["properties"] as? [String: Any] ?? [:] where properties[key] == nil { properties[key] = value }
        }
        return properties
    }

    /// A schema without its prose: what the types decide.
    public static func structure(_ schema: Any) -> Any {
        if let object = schema as? [String: Any] {
            return object.filter { !proseKeys.contains($0.key) }.mapValues(structure)
        }
        if let array = schema as? [Any] { return array.map(structure) }
        return schema
    }

    /// Why a schema cannot be inferred from the examples.
    public struct InferenceError: Error, CustomStringConvertible {
        public let description: String
    }
}
