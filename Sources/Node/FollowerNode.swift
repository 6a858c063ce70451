import APIContract
import APIServer
import Follower
import Foundation
import Hummingbird
import Logging
import RollupTypes
import ServiceLifecycle

/// `rollup follow`: a follower's API over its verified state, and the loop
/// that follows the upstream, as one application with graceful shutdown.
public struct FollowerNode: Sendable {
    public let follower: Follower
    /// How often the upstream is asked for new blocks once caught up.
    public let interval: Duration
    let host: String
    let port: Int
    let http: HTTPLimits
    let logger: Logger
    /// The registry GET /metrics renders: the follower's counters, when it
    /// was opened with this registry's factory, and its state as gauges.
    let metrics: NodeMetrics

    public init(
        follower: Follower, host: String = "127.0.0.1", port: Int, interval: Duration = .seconds(1), http: HTTPLimits = HTTPLimits(),
        metrics: NodeMetrics = NodeMetrics(), logger: Logger = Logger(label: "rollup.follow")
    ) {
        self.follower = follower
        self.metrics = metrics
        self.host = host
        self.port = port
        self.interval = interval
        self.http = http
        self.logger = logger
    }

    /// The follower's status: its verified block, and what it sees of its upstream.
    public func status() throws -> StatusView {
        let head = try follower.tree.head().block
        let state = follower.state
        return StatusView(
            lastCommittedBlock: head, lastVerifiedBlock: head, pendingTransactions: 0, nextTransferBlockIn: nil, proofQueueDepth: 0, provers: [],
            flags: [], verificationHalt: nil, recentProofTimes: [], suggestedFee: state.upstreamFees?.fees[BlockType.transfer.rawValue]?.suggestedFee ?? "0",
            following: StatusView.Following(
                upstream: follower.upstreamURL, upstreamHead: state.upstreamHead, lastContact: state.lastContact,
                refusedBlock: state.refusal?.block, refusal: state.refusal?.reason.description, problem: state.problem))
    }

    /// The HTTP application with the follow loop inside it.
    public func application(onListening: (@Sendable (Int) -> Void)? = nil) -> some ApplicationProtocol {
        let context = FollowerContext(
            store: follower.store, tree: follower.tree, verifyingKeys: follower.keys.keys, chain: follower.chainView, metrics: metrics,
            status: { [self] in try status() }, fees: { [follower] in follower.state.upstreamFees })
        return Application(
            router: FollowerRouter.build(context, upstream: follower.upstreamURL), server: http.server(subscriptions: FollowerRouter.subscriptions(context), limits: context.events.limits),
            configuration: http.configuration(address: .hostname(host, port: port)),
            services: [
                FollowService(follower: follower, interval: interval, logger: logger),
                ChainWatcher(hub: context.events, feed: FollowerRouter.feed(context), logger: logger),
            ],
            onServerRunning: { channel in onListening?(channel.localAddress?.port ?? 0) }, logger: logger)
    }

    /// Runs until SIGTERM or SIGINT.
    public func run(onListening: (@Sendable (Int) -> Void)? = nil) async throws {
        try await application(onListening: onListening).runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }
}

/// The follow loop: catches up with the upstream and keeps following it
/// until shutdown; what it refuses is logged and retried.
struct FollowService: Service {
    let follower: Follower
    let interval: Duration
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await follower.follow(interval: interval) { [logger] problem in logger.warning("\(problem)") }
        }
    }
}
