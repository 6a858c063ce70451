import APIContract
import Foundation
import Hummingbird
import RollupTypes
import Storage

/// GET /v1/blocks, /v1/blocks/{n}, /v1/blocks/{n}/proof.
struct BlocksController<Context: RequestContext> {
    let store: any NodeStore

    func addRoutes(to group: RouterGroup<Context>) {
        group.get(use: list)
        group.get(":number", use: show)
        group.get(":number/proof", use: proof)
    }

    /// ?from= (default 1) and ?limit= (1 … 100, default 20).
    @Sendable func list(_ request: Request, context: Context) async throws -> BlockPage {
        let from = try AccountsController<Context>.integer(request.uri.queryParameters["from"], "from", default: 1, range: 1...Int(UInt32.max))
        let limit = try AccountsController<Context>.integer(request.uri.queryParameters["limit"], "limit", default: 20, range: 1...100)
        let blocks = try store.blocks(from: UInt32(from), limit: limit)
        return BlockPage(blocks: try blocks.map { try BlockView($0, proof: try store.proof(block: $0.number), record: try store.proofRecord(block: $0.number)) })
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> BlockView {
        let number = try Self.number(context)
        guard let block = try store.blocks(from: number, limit: 1).first, block.number == number else {
            throw APIError.notFound("block \(number) has not been committed")
        }
        return try BlockView(block, proof: try store.proof(block: number), record: try store.proofRecord(block: number))
    }

    /// The proof alone, in snarkjs form.
    @Sendable func proof(_ request: Request, context: Context) async throws -> Response {
        let number = try Self.number(context)
        guard let proof = try store.proof(block: number) else { throw APIError.notFound("block \(number) has no proof yet") }
        return Response.json(Data(proof.utf8))
    }

    static func number(_ context: Context) throws -> UInt32 {
        let text = try context.parameters.require("number")
        guard let number = CanonicalDecimal.parse(text, as: UInt32.self), number >= 1 else {
            throw APIError.badRequest("\(text) is not a block number (1 … 2^32 − 1, in decimal digits with no sign or leading zeros)")
        }
        return number
    }
}

extension Response {
    /// A 200 response with a JSON body.
    static func json(_ body: Data, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// A 200 response with a text body.
    static func text(_ body: String, contentType: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
