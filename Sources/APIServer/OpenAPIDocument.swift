import Foundation

/// The OpenAPI document of the node's API: docs/openapi.json itself, which
/// the build embeds in the binary (a resource of this target, through the
/// link Resources/openapi.json), so a node carries it wherever it runs.
enum OpenAPIDocument {
    static let json = Data(PackageResources.openapi_json)
}
