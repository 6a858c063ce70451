import APIContract
import Foundation
import Groth16
import Hummingbird
import RollupTypes

/// GET /v1/circuits/{transfer|deposit|exit}/verification-key and …/verifier.sol.
struct CircuitsController<Context: RequestContext> {
    let verifyingKeys: [BlockType: VerifyingKey]

    func addRoutes(to group: RouterGroup<Context>) {
        group.get(":name/verification-key", use: verificationKey)
        group.get(":name/verifier.sol", use: verifier)
    }

    @Sendable func verificationKey(_ request: Request, context: Context) async throws -> Response {
        Response.json(try SnarkJSFormat.encode(try key(context)))
    }

    @Sendable func verifier(_ request: Request, context: Context) async throws -> Response {
        Response.text(SolidityVerifier.source(for: try key(context)), contentType: "text/plain; charset=utf-8")
    }

    func key(_ context: Context) throws -> VerifyingKey {
        let name = try context.parameters.require("name")
        guard let type = BlockType(rawValue: name), let key = verifyingKeys[type] else {
            throw APIError.notFound("no circuit \(name): the circuits are transfer, deposit and exit")
        }
        return key
    }
}
