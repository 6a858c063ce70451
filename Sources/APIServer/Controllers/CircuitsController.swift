import APIContract
import Foundation
import Groth16
import Hummingbird
import RollupTypes

/// GET /v1/circuits/{transfer|deposit|exit}/verification-key, …/verifier.sol
/// and …/proving-key.
struct CircuitsController {
    typealias Context = RollupRequestContext
    let verifyingKeys: [BlockType: VerifyingKey]
    /// The files of the proving keys the node proves with, by type (none on a follower).
    var provingKeyFiles: [BlockType: String] = [:]
    /// Proving-key downloads in progress per client address.
    var downloads = AddressSlots(limit: HTTPLimits.maxDownloadsPerAddress)

    func addRoutes(to group: RouterGroup<Context>) {
        group.get(":name/verification-key", use: verificationKey)
        group.get(":name/verifier.sol", use: verifier)
        group.get(":name/proving-key", use: provingKey)
    }

    /// The proving key file, TYPE.key or TYPE.zkey (docs/PROTOCOL.md, "Key files"), streamed, for
    /// provers on other machines (`rollup prover --keys-from`).
    @Sendable func provingKey(_ request: Request, context: Context) async throws -> Response {
        let type = try self.type(context)
        guard let path = provingKeyFiles[type] else { throw APIError.notFound("this node serves no proving keys (a follower proves nothing)") }
        let address = context.remoteAddress?.ipAddress ?? "unknown"
        guard downloads.take(address, on: context.channel) else {
            throw APIError(
                .tooManyRequests, "too_many_downloads",
                "\(downloads.limit) proving-key downloads from \(address) are in progress, the most one address may have; retry when one ends",
                retryAfter: AddressSlots.retryAfter)
        }
        let file: ResponseBody
        do { file = try await FileIO().loadFile(path: path, context: context) } catch {
            downloads.give(address, on: context.channel)
            throw error
        }
        var headers = HTTPFields()
        headers[.contentType] = "application/octet-stream"
        // The slot is given back once the body is written, or its writing failed (the client went away, or read too slowly).
        let (downloads, channel) = (downloads, context.channel)
        let body = ResponseBody(contentLength: file.contentLength) { writer in
            defer { downloads.give(address, on: channel) }
            try await file.write(writer)
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    @Sendable func verificationKey(_ request: Request, context: Context) async throws -> Response {
        Response.json(try SnarkJSFormat.encode(try key(context)))
    }

    @Sendable func verifier(_ request: Request, context: Context) async throws -> Response {
        Response.text(SolidityVerifier.source(for: try key(context)), contentType: "text/plain; charset=utf-8")
    }

    func key(_ context: Context) throws -> VerifyingKey {
        let type = try self.type(context)
        guard let key = verifyingKeys[type] else { throw APIError.notFound("this node has no \(type.rawValue) verifying key") }
        return key
    }

    func type(_ context: Context) throws -> BlockType {
        let name = try context.parameters.require("name")
        guard let type = BlockType(rawValue: name) else {
            throw APIError.notFound("no circuit \(name): the circuits are \(BlockType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return type
    }
}
