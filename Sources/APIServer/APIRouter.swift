import APIContract
import Foundation
import Hummingbird
import Storage

/// Assembles the API: one controller per resource under /v1, plus /metrics
/// and /openapi.json, behind the middleware that turns every error into
/// the JSON error body.
public enum APIRouter {
    public static func build(_ node: NodeContext) -> Router<RollupRequestContext> {
        let router = shared(
            store: node.store, circuits: CircuitsController(verifyingKeys: node.verifyingKeys, provingKeyFiles: node.provingKeyFiles), chain: node.chain)
        TransactionsController(node: node).addRoutes(to: router.group("v1/transactions"))
        DepositsController(node: node).addRoutes(to: router.group("v1/deposits"))
        AccountsController(node: node).addRoutes(to: router.group("v1/accounts"))
        let status = StatusController<RollupRequestContext>(node: node)
        router.get("v1/status", use: status.show)
        router.get("v1/fees") { _, _ in try await node.admission.fees() }
        router.get("metrics", use: status.metrics)
        return router
    }

    /// The node's WebSocket upgrades: GET /v1/ws.
    public static func subscriptions(_ node: NodeContext) -> Router<SocketRequestContext> {
        SubscriptionSocket.router(hub: node.events, feed: node.feed)
    }

    /// What a node and a follower serve alike: the error middleware, the
    /// blocks from `store`, the circuits, the chain and this document.
    static func shared(store: any NodeStore, circuits: CircuitsController, chain: ChainView) -> Router<RollupRequestContext> {
        let router = Router(context: RollupRequestContext.self)
        router.add(middleware: APIErrorMiddleware())
        BlocksController(store: store).addRoutes(to: router.group("v1/blocks"))
        circuits.addRoutes(to: router.group("v1/circuits"))
        router.get("v1/chain") { _, _ in chain }
        router.get("openapi.json") { _, _ in Response.json(OpenAPIDocument.json) }
        ExplorerController().addRoutes(to: router)
        router.get("v1/ws") { _, _ -> Response in
            throw APIError(.upgradeRequired, "upgrade_required", "GET /v1/ws is a WebSocket: send Connection: Upgrade and Upgrade: websocket")
        }
        return router
    }
}
