import APIContract
import Logging
import ServiceLifecycle
import Storage

/// Publishes what storage says happened to the subscribers of `GET /v1/ws`:
/// it looks every ``SubscriptionLimits/pollInterval`` for blocks committed
/// or verified since it last looked, and publishes the status of each of
/// their transactions (`transaction`) and the subscribed accounts whose
/// state changed (`account`) at once, and the blocks themselves (`blocks`)
/// at most every ``SubscriptionLimits/blocksInterval``, several to an
/// event; once a second, the load (`status`) if it changed, and the
/// subscribed transactions that were rejected. Reading storage rather than
/// hooks, it serves a node and a follower alike, whoever stored the block.
public struct ChainWatcher: Service {
    let hub: EventHub
    let feed: ChainFeed
    let logger: Logger

    public init(hub: EventHub, feed: ChainFeed, logger: Logger) {
        self.hub = hub
        self.feed = feed
        self.logger = logger
    }

    /// What it has published so far.
    struct Seen {
        var committed: UInt32
        var verified: UInt32
        var accounts = [UInt32: SocketMessage.AccountEvent]()
        var status: SocketMessage.StatusEvent?
        var rejected = Set<String>()
        /// Where the next rejection check starts, in the sorted subscribed hashes.
        var rejectionCursor = 0
        /// Block events waiting for the next `blocks` event, and when the last went out.
        var blocks = [SocketMessage.BlockEvent]()
        var blocksSent = ContinuousClock.now
        var slowCheck = ContinuousClock.now
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            var seen: Seen?
            while !Task.isCancelled {
                do {
                    if var current = seen {
                        try await look(&current)
                        seen = current
                    } else {
                        seen = Seen(committed: try feed.store.lastCommittedBlock()?.number ?? 0, verified: try feed.store.lastVerifiedBlock())
                    }
                } catch {
                    logger.warning("subscriptions: cannot read storage", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: hub.limits.pollInterval)
            }
        }
    }

    /// One look at storage.
    func look(_ seen: inout Seen) async throws {
        let committed = try feed.store.lastCommittedBlock()?.number ?? 0
        let verified = try feed.store.lastVerifiedBlock()
        var changed = false
        if committed > seen.committed {
            seen.blocks += try publishBlocks(after: seen.committed, through: committed, status: "committed")
            seen.committed = committed
            changed = true
        }
        if verified > seen.verified {
            seen.blocks += try publishBlocks(after: seen.verified, through: verified, status: "verified")
            seen.verified = verified
            changed = true
        }
        if changed { try await publishAccounts(&seen) }
        if !seen.blocks.isEmpty && ContinuousClock.now - seen.blocksSent >= hub.limits.blocksInterval {
            for page in stride(from: 0, to: seen.blocks.count, by: 64) { hub.publish(.event(Array(seen.blocks[page..<min(page + 64, seen.blocks.count)]))) }
            seen.blocks.removeAll()
            seen.blocksSent = .now
        }
        if ContinuousClock.now - seen.slowCheck >= .seconds(1) {
            seen.slowCheck = .now
            try publishRejections(&seen)
            if hub.hasSubscribers(.status) {
                let status = try await feed.status()
                if status != seen.status { hub.publish(.event(status)) }
                seen.status = status
            }
        }
    }

    /// Publishes the transactions of blocks `after`+1 through `last` with
    /// `status`, and returns the blocks' events (for the next `blocks` event).
    private func publishBlocks(after: UInt32, through last: UInt32, status: String) throws -> [SocketMessage.BlockEvent] {
        let blocksHeard = hub.hasSubscribers(.blocks)
        guard hub.connections > 0 else { return [] }
        var events = [SocketMessage.BlockEvent]()
        var next = after + 1
        while next <= last {
            let page = try feed.store.blocks(from: next, limit: Int(min(last - next + 1, 64)))
            guard let end = page.last?.number else { return events }
            for block in page where block.number <= last {
                if blocksHeard {
                    let proofTime = status == "verified" ? try feed.store.proofRecord(block: block.number)?.milliseconds : nil
                    events.append(SocketMessage.BlockEvent(
                        number: block.number, type: block.type.rawValue, status: status, transactions: block.transactionHashes.count,
                        proofMilliseconds: proofTime))
                }
                for hash in block.transactionHashes {
                    hub.publish(.event(SocketMessage.TransactionEvent(hash: hash.lowercased(), status: status, block: block.number, reason: nil)))
                }
            }
            next = end + 1
        }
        return events
    }

    /// Publishes the subscribed accounts whose state changed.
    private func publishAccounts(_ seen: inout Seen) async throws {
        let accounts = hub.subscribedAccounts()
        seen.accounts = seen.accounts.filter { accounts.contains($0.key) }
        for id in accounts {
            guard let state = try await feed.account(id), state != seen.accounts[id] else { continue }
            hub.publish(.event(state))
            seen.accounts[id] = state
        }
    }

    /// How many subscribed transactions are looked up each second for a rejection.
    static let rejectionChecksPerSecond = 256

    /// Publishes the subscribed transactions that storage holds as rejected
    /// (sealing refused them), looking up at most
    /// ``rejectionChecksPerSecond`` a second, in turn; a subscriber hears of
    /// the other statuses as they happen.
    private func publishRejections(_ seen: inout Seen) throws {
        let subscribed = hub.subscribedTransactions().sorted()
        seen.rejected.formIntersection(subscribed)
        let unsettled = subscribed.filter { !seen.rejected.contains($0) }
        guard !unsettled.isEmpty else { return }
        let start = seen.rejectionCursor % unsettled.count
        let batch = (unsettled[start...] + unsettled[..<start]).prefix(Self.rejectionChecksPerSecond)
        seen.rejectionCursor = start + batch.count
        for hash in batch {
            if let event = try feed.transaction(hash), event.status == "rejected" {
                hub.publish(.event(event))
                seen.rejected.insert(hash)
            }
        }
    }
}
