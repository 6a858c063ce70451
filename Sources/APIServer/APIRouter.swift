import Foundation
import Hummingbird

/// Assembles the API: one controller per resource under /v1, plus /metrics
/// and /openapi.json, behind the middleware that turns every error into
/// the JSON error body.
public enum APIRouter {
    public static func build(_ node: NodeContext) -> Router<RollupRequestContext> {
        let router = Router(context: RollupRequestContext.self)
        router.add(middleware: APIErrorMiddleware())
        TransactionsController(node: node).addRoutes(to: router.group("v1/transactions"))
        DepositsController(node: node).addRoutes(to: router.group("v1/deposits"))
        AccountsController(node: node).addRoutes(to: router.group("v1/accounts"))
        BlocksController(store: node.store).addRoutes(to: router.group("v1/blocks"))
        CircuitsController(verifyingKeys: node.verifyingKeys, provingKeyFiles: node.provingKeyFiles).addRoutes(to: router.group("v1/circuits"))
        let chain = node.chain
        router.get("v1/chain") { _, _ in chain }
        let status = StatusController<RollupRequestContext>(node: node)
        router.get("v1/status", use: status.show)
        router.get("metrics", use: status.metrics)
        router.get("openapi.json") { _, _ in Response.json(Data((OpenAPIDocument.json + "\n").utf8)) }
        return router
    }
}
