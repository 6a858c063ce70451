import APIContract
import Foundation
import HummingbirdWSClient
import Logging
import Storage

/// `count` WebSocket subscribers of GET /v1/ws on a loopback port, each on
/// topics `blocks` and `status`, for `rollup bench api --subscribers`: the
/// first ``recorders`` decode what they receive and record when each
/// committed block reached them; the others read and drop it (the clients
/// share the machine with the node, so their own decoding is kept to a sample).
public final class SubscriberLoad: @unchecked Sendable {
    private let lock = NSLock()
    /// (block, Unix milliseconds it arrived), over all subscribers.
    private var arrivals = [(block: UInt32, at: Int64)]()
    private var acknowledged = 0
    private var failures = [String]()
    private var connections = [Task<Void, Never>]()

    /// Connects `count` subscribers and waits until each has its acknowledgements.
    /// How many subscribers decode and time their events.
    static let recorders = 100

    init(count: Int, port: Int) async throws {
        let request = { (topic: SubscriptionTopic) in String(decoding: try! JSONEncoder().encode(SubscriptionRequest(op: "subscribe", topic: topic)), as: UTF8.self) }
        let (blocks, status) = (request(.blocks), request(.status))
        for index in 0..<count {
            let records = index < Self.recorders
            connections.append(Task { [self] in
                do {
                    try await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)/v1/ws", logger: Logger(label: "bench.subscriber")) { inbound, outbound, _ in
                        try await outbound.write(.text(blocks))
                        try await outbound.write(.text(status))
                        let decoder = JSONDecoder()
                        for try await message in inbound.messages(maxSize: 1 << 20) {
                            guard case .text(let text) = message else { continue }
                            if records, let reply = try? decoder.decode(SocketMessage.self, from: Data(text.utf8)) {
                                self.record(reply, at: UnixTime.milliseconds())
                            } else if text.contains(#""type":"ack""#) {
                                self.acknowledge()
                            }
                        }
                    }
                } catch is CancellationError {
                } catch {
                    self.fail("\(error)")
                }
            })
        }
        let deadline = ContinuousClock.now + .seconds(120)
        while lock.withLock({ acknowledged < 2 * count && failures.isEmpty }) && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        if let failure = lock.withLock({ failures.first }) { throw LoopbackHTTPClient.Failure(description: "a subscriber failed: \(failure)") }
        guard lock.withLock({ acknowledged == 2 * count }) else { throw LoopbackHTTPClient.Failure(description: "the subscribers were not all acknowledged in 2 minutes") }
    }

    private func fail(_ failure: String) {
        lock.withLock { failures.append(failure) }
    }

    private func acknowledge() {
        lock.withLock { acknowledged += 1 }
    }

    private func record(_ reply: SocketMessage, at: Int64) {
        lock.withLock {
            if reply.type == "ack" { acknowledged += 1 }
            for block in reply.blocks ?? [] where block.status == "committed" { arrivals.append((block.number, at)) }
        }
    }

    /// When each committed block reached each recording subscriber, and how many subscribers failed.
    var record: (arrivals: [(block: UInt32, at: Int64)], failures: Int) {
        lock.withLock { (arrivals, failures.count) }
    }

    /// Milliseconds from each committed block's storage to its arrival,
    /// sorted, given the arrivals ``record`` lists.
    static func latencies(_ arrivals: [(block: UInt32, at: Int64)], in store: any NodeStore) throws -> [Int64] {
        guard let last = arrivals.map(\.block).max() else { return [] }
        var committedAt = [UInt32: Int64]()
        var next: UInt32 = 1
        while next <= last {
            let page = try store.blocks(from: next, limit: 100)
            guard let end = page.last?.number else { break }
            for block in page { committedAt[block.number] = block.committedAt }
            next = end + 1
        }
        return arrivals.compactMap { arrival in committedAt[arrival.block].map { arrival.at - $0 } }.sorted()
    }

    func close() {
        connections.forEach { $0.cancel() }
    }

    /// The subscriber process's life (``SubscriberProcess``): connects,
    /// says "ready", waits for "stop", reports the arrivals and "end".
    public static func serve(count: Int, port: Int) async throws {
        let load = try await SubscriberLoad(count: count, port: port)
        print("ready")
        fflush(nil)
        await withCheckedContinuation { (stopped: CheckedContinuation<Void, Never>) in
            Thread {
                while let line = readLine(), line != "stop" {}
                stopped.resume()
            }.start()
        }
        let (arrivals, failures) = load.record
        for arrival in arrivals { print("\(arrival.block) \(arrival.at)") }
        print("failures \(failures)")
        print("end")
        fflush(nil)
        load.close()
    }
}
