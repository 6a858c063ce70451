import APIContract
import Committer
import Foundation
import Groth16
import Hummingbird
import RollupTypes
import Storage

/// What a follower serves: the read-only part of the API (accounts,
/// blocks, circuits, chain and status) from the state it verified itself.
public struct FollowerContext: Sendable {
    public let store: SQLiteStore
    public let tree: VerifiedTree
    /// The pinned verifying keys.
    public let verifyingKeys: [BlockType: VerifyingKey]
    public let chain: ChainView
    /// The follower's status.
    public let status: @Sendable () async throws -> StatusView

    public init(
        store: SQLiteStore, tree: VerifiedTree, verifyingKeys: [BlockType: VerifyingKey], chain: ChainView,
        status: @escaping @Sendable () async throws -> StatusView
    ) {
        self.store = store
        self.tree = tree
        self.verifyingKeys = verifyingKeys
        self.chain = chain
        self.status = status
    }
}

/// Assembles a follower's API: the node's read-only routes, answered from
/// the follower's verified state; submissions are refused with 503, naming
/// the upstream to send them to.
public enum FollowerRouter {
    public static func build(_ follower: FollowerContext, upstream: String) -> Router<RollupRequestContext> {
        let router = Router(context: RollupRequestContext.self)
        router.add(middleware: APIErrorMiddleware())
        VerifiedAccountsController(tree: follower.tree).addRoutes(to: router.group("v1/accounts"))
        BlocksController(store: follower.store).addRoutes(to: router.group("v1/blocks"))
        CircuitsController(verifyingKeys: follower.verifyingKeys).addRoutes(to: router.group("v1/circuits"))
        let chain = follower.chain
        router.get("v1/chain") { _, _ in chain }
        router.get("v1/status") { _, _ in try await follower.status() }
        for path in ["v1/transactions", "v1/deposits"] {
            router.post(RouterPath(stringLiteral: path)) { _, _ -> Response in
                throw APIError(.serviceUnavailable, "unavailable", "this node follows \(upstream) and accepts no transactions: send them to the operator")
            }
        }
        router.get("openapi.json") { _, _ in Response.json(Data((OpenAPIDocument.json + "\n").utf8)) }
        return router
    }
}
