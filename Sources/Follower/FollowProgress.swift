import APIContract
import Foundation

/// What a follower last saw of its upstream, for its status: the highest
/// block the upstream listed, when it last answered, and the refusal that
/// stops the follower now, if any. Safe to use from any thread.
public final class FollowProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Snapshot()
    private var checked = false

    /// Whether the upstream's chain was checked against the pinned keys
    /// (a follower may open without its upstream).
    var chainChecked: Bool {
        get { lock.withLock { checked } }
        set { lock.withLock { checked = newValue } }
    }

    /// A copy of the progress.
    public struct Snapshot: Sendable {
        /// The highest block number the upstream has listed.
        public var upstreamHead: UInt32?
        /// When the upstream last answered (Unix milliseconds).
        public var lastContact: Int64?
        /// Why the follower stopped at a block, while it does.
        public var refusal: FollowRefusal?
        /// Why the follower cannot ask or trust its upstream now: it is
        /// unreachable, or its chain no longer matches the pinned keys.
        public var problem: String?
        /// The upstream's fees (GET /v1/fees) as it last stated them.
        public var upstreamFees: FeesView?
    }

    var snapshot: Snapshot {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    func contacted(upstreamHead head: UInt32?) {
        lock.lock()
        defer { lock.unlock() }
        if let head { current.upstreamHead = max(current.upstreamHead ?? 0, head) }
        current.lastContact = Int64(Date().timeIntervalSince1970 * 1000)
    }

    func failed(_ problem: String?) {
        lock.lock()
        defer { lock.unlock() }
        current.problem = problem
    }

    func stated(fees: FeesView) {
        lock.lock()
        defer { lock.unlock() }
        var copy = fees
        copy.source = "upstream"
        current.upstreamFees = copy
    }

    func refused(_ refusal: FollowRefusal?) {
        lock.lock()
        defer { lock.unlock() }
        current.refusal = refusal
    }
}
