import APIContract
import BlockVerification
import Committer
import Foundation
import Groth16
import Hummingbird
import RollupTypes
import Storage

/// What a follower serves: the read-only part of the API (accounts,
/// blocks, circuits, chain, status and metrics) from the state it verified itself.
public struct FollowerContext: Sendable {
    public let store: any NodeStore
    public let tree: VerifiedState
    /// The pinned verifying keys.
    public let verifyingKeys: [BlockType: VerifyingKey]
    public let chain: ChainView
    /// Its metrics (GET /metrics).
    public let metrics: NodeMetrics
    /// The follower's status.
    public let status: @Sendable () async throws -> StatusView
    /// The upstream's fees as it last stated them, if it did.
    public let fees: @Sendable () -> FeesView?
    /// The subscriptions of GET /v1/ws.
    public let events = EventHub()

    public init(
        store: any NodeStore, tree: VerifiedState, verifyingKeys: [BlockType: VerifyingKey], chain: ChainView, metrics: NodeMetrics,
        status: @escaping @Sendable () async throws -> StatusView, fees: @escaping @Sendable () -> FeesView? = { nil }
    ) {
        self.fees = fees
        self.metrics = metrics
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
    /// The follower's WebSocket upgrades: GET /v1/ws, from its own store
    /// and verified state (an account's committed state is its verified one).
    public static func subscriptions(_ follower: FollowerContext) -> Router<SocketRequestContext> {
        SubscriptionSocket.router(hub: follower.events, feed: feed(follower))
    }

    /// What the follower's events are read from.
    public static func feed(_ follower: FollowerContext) -> ChainFeed {
        ChainFeed(
            store: follower.store, treeDepth: follower.chain.treeDepth,
            account: { id in
                guard let account = try? AccountID(Int(id)), let state = try follower.tree.account(account).map(AccountView.State.init) else { return nil }
                return SocketMessage.AccountEvent(id: id, committed: state, verified: state)
            },
            status: {
                let status = try await follower.status()
                let fees = follower.fees()
                return SocketMessage.StatusEvent(
                    lastCommittedBlock: status.lastCommittedBlock, lastVerifiedBlock: status.lastVerifiedBlock,
                    backlogBlocks: fees?.backlogBlocks ?? 0, liveProvers: fees?.liveProvers ?? 0, pendingTransactions: 0,
                    acceptedTransactions: nil)
            })
    }

    public static func build(_ follower: FollowerContext, upstream: String) -> Router<RollupRequestContext> {
        let router = APIRouter.shared(store: follower.store, circuits: CircuitsController(verifyingKeys: follower.verifyingKeys), chain: follower.chain)
        VerifiedAccountsController(tree: follower.tree).addRoutes(to: router.group("v1/accounts"))
        router.get("v1/status") { _, _ in try await follower.status() }
        router.get("v1/fees") { _, _ -> FeesView in
            guard let fees = follower.fees() else {
                throw APIError(.serviceUnavailable, "unavailable", "this node follows \(upstream) and has no fee figures from it yet: ask the operator")
            }
            return fees
        }
        // The counters the follower records, and its state as gauges.
        router.get("metrics") { _, _ -> Response in
            let status = try await follower.status()
            let text = follower.metrics.render([
                ("rollup_last_verified_block", Double(status.lastVerifiedBlock)),
                ("rollup_upstream_head", Double(status.following?.upstreamHead ?? 0)),
                ("rollup_follower_refusing", status.following?.refusedBlock == nil ? 0 : 1),
            ])
            return Response.text(text, contentType: "text/plain; version=0.0.4")
        }
        for path in ["v1/transactions", "v1/deposits"] {
            router.post(RouterPath(stringLiteral: path)) { _, _ -> Response in
                throw APIError(.serviceUnavailable, "unavailable", "this node follows \(upstream) and accepts no transactions: send them to the operator")
            }
        }
        return router
    }
}
