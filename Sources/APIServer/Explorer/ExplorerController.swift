import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// GET /explorer/: the block explorer, plain HTML, CSS and JavaScript from
/// explorer/ in the repository (embedded, ``ExplorerFiles``), served by a
/// node and a follower alike. Its pages read the API and GET /v1/ws of the
/// server that served them, and nothing else: the content security policy
/// forbids any other origin.
struct ExplorerController<Context: RequestContext> {
    /// What the browser may load: this server only.
    static var securityPolicy: String {
        "default-src 'self'; connect-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    }

    func addRoutes(to router: Router<Context>) {
        router.get("explorer", use: index)
        router.get("explorer/:file", use: file)
    }

    /// /explorer/ is the index; /explorer redirects there, so that the page's relative URLs resolve under it.
    @Sendable func index(_ request: Request, context: Context) async throws -> Response {
        guard request.uri.path.hasSuffix("/") else {
            return Response(status: .movedPermanently, headers: [.location: "/explorer/"])
        }
        return try serve("index.html")
    }

    @Sendable func file(_ request: Request, context: Context) async throws -> Response {
        try serve(context.parameters.get("file") ?? "")
    }

    private func serve(_ name: String) throws -> Response {
        guard let file = ExplorerFiles.files[name] else { throw APIError.notFound("the explorer has no file \(name.prefix(64))") }
        var headers = HTTPFields()
        headers[.contentType] = file.contentType
        headers[.cacheControl] = "no-cache"
        headers[.contentSecurityPolicy] = Self.securityPolicy
        headers[.xContentTypeOptions] = "nosniff"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: file.bytes)))
    }
}

extension HTTPField.Name {
    static var xContentTypeOptions: Self { Self("X-Content-Type-Options")! }
}
