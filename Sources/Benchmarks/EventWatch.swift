import APIContract
import Foundation
import HummingbirdWSClient
import Logging
import Storage

/// The subscriber that times the events of `rollup bench api --subscribers`
/// (rows `ws_event_latency_p99` and `ws_transaction_event_latency_p99`):
/// one connection in the benchmark's process, at its priority, as a client
/// on another machine would be, subscribed to `blocks` and to a sample of
/// transactions before they are sent. It records when each committed block
/// and each transaction status arrived. (The subscribers that load the node
/// run at idle priority in their own process and time nothing: their
/// arrivals would measure when the idle cores let them read.)
final class EventWatch: @unchecked Sendable {
    /// The most transactions it follows (one below the node's subscriptions per connection: one is `blocks`).
    static let capacity = 63

    /// What it measured, in milliseconds from each change's storage to its
    /// arrival, sorted: committed blocks from the start of their write;
    /// `pending` from the transaction's arrival at the node (before its
    /// group commit); `committed` from the start of its block's write. A
    /// status that never arrived is counted in `missing`.
    struct Latencies {
        var blocks = [Int64]()
        var pending = [Int64]()
        var committed = [Int64]()
        var missing = 0
    }

    private let lock = NSLock()
    private var transactions = [(hash: String, status: String, at: Int64)]()
    private var blocks = [(number: UInt32, at: Int64)]()
    private var acknowledged = 0
    private var failure: String?
    private var connection: Task<Void, Never>?

    /// Connects, subscribes to `blocks` and to each of `hashes` (at most
    /// ``capacity``) and waits for every acknowledgement.
    init(hashes: [String], port: Int) async throws {
        precondition(hashes.count <= Self.capacity, "one connection follows at most \(Self.capacity) transactions and the blocks")
        let topics = [SubscriptionTopic.blocks] + hashes.map { SubscriptionTopic.transaction($0) }
        let requests = try topics.map { topic in
            String(decoding: try JSONEncoder().encode(SubscriptionRequest(op: "subscribe", topic: topic)), as: UTF8.self)
        }
        connection = Task { [self] in
            do {
                try await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)/v1/ws", logger: Logger(label: "bench.watch")) { inbound, outbound, _ in
                    for request in requests { try await outbound.write(.text(request)) }
                    let decoder = JSONDecoder()
                    for try await message in inbound.messages(maxSize: 1 << 20) {
                        guard case .text(let text) = message, let reply = try? decoder.decode(SocketMessage.self, from: Data(text.utf8)) else { continue }
                        self.record(reply, at: UnixTime.milliseconds())
                    }
                }
            } catch is CancellationError {
            } catch {
                lock.withLock { failure = "\(error)" }
            }
        }
        let deadline = ContinuousClock.now + .seconds(60)
        while lock.withLock({ acknowledged < topics.count && failure == nil }) && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        if let failure = lock.withLock({ failure }) { throw LoopbackHTTPClient.Failure(description: "the event watch failed: \(failure)") }
        guard lock.withLock({ acknowledged == topics.count }) else {
            throw LoopbackHTTPClient.Failure(description: "the event watch was not acknowledged in a minute")
        }
    }

    private func record(_ reply: SocketMessage, at: Int64) {
        lock.withLock {
            if reply.type == "ack" { acknowledged += 1 }
            if let event = reply.transaction { transactions.append((event.hash, event.status, at)) }
            for block in reply.blocks ?? [] where block.status == "committed" { blocks.append((block.number, at)) }
        }
    }

    /// Closes the connection, and reads from `store` when each change it
    /// heard of was stored.
    func stop(sample hashes: [String], store: any NodeStore) throws -> Latencies {
        connection?.cancel()
        let (heardTransactions, heardBlocks) = lock.withLock { (transactions, blocks) }
        var committedAt = [UInt32: Int64]()
        func blockCommittedAt(_ number: UInt32) throws -> Int64? {
            if let known = committedAt[number] { return known }
            guard let block = try store.blocks(from: number, limit: 1).first, block.number == number else { return nil }
            committedAt[number] = block.committedAt
            return block.committedAt
        }
        var latencies = Latencies()
        for block in heardBlocks {
            if let stored = try blockCommittedAt(block.number) { latencies.blocks.append(block.at - stored) }
        }
        for hash in hashes {
            guard let stored = try store.transaction(hash: hash) else {
                latencies.missing += 2
                continue
            }
            let first = { (status: String) in heardTransactions.first { $0.hash == hash && $0.status == status }?.at }
            if let at = first("pending") { latencies.pending.append(at - stored.receivedAt) } else { latencies.missing += 1 }
            if case .committed(let number) = stored.status, let block = try blockCommittedAt(number), let at = first("committed") {
                latencies.committed.append(at - block)
            } else {
                latencies.missing += 1
            }
        }
        latencies.blocks.sort()
        latencies.pending.sort()
        latencies.committed.sort()
        return latencies
    }
}
