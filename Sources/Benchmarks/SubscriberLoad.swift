import APIContract
import Foundation
import HummingbirdWSClient
import Logging

/// `count` WebSocket subscribers of GET /v1/ws on a loopback port, each on
/// topics `blocks` and `status`, for `rollup bench api --subscribers`: the
/// load. They read what they are sent and drop it (``EventWatch`` times the
/// events); they run in a process of their own (``SubscriberProcess``).
public final class SubscriberLoad: @unchecked Sendable {
    private let lock = NSLock()
    private var acknowledged = 0
    private var failures = [String]()
    private var connections = [Task<Void, Never>]()

    /// Connects `count` subscribers and waits until each has its acknowledgements.
    init(count: Int, port: Int) async throws {
        let request = { (topic: SubscriptionTopic) in String(decoding: try! JSONEncoder().encode(SubscriptionRequest(op: "subscribe", topic: topic)), as: UTF8.self) }
        let (blocks, status) = (request(.blocks), request(.status))
        for _ in 0..<count {
            connections.append(Task { [self] in
                do {
                    try await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)/v1/ws", logger: Logger(label: "bench.subscriber")) { inbound, outbound, _ in
                        try await outbound.write(.text(blocks))
                        try await outbound.write(.text(status))
                        for try await message in inbound.messages(maxSize: 1 << 20) {
                            if case .text(let text) = message, text.contains(#""type":"ack""#) { self.acknowledge() }
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

    /// How many subscribers failed.
    var failed: Int { lock.withLock { failures.count } }

    func close() {
        connections.forEach { $0.cancel() }
    }

    /// The subscriber process's life (``SubscriberProcess``): connects,
    /// says "ready", waits for "stop", reports "failures <n>" and "end".
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
        print("failures \(load.failed)")
        print("end")
        fflush(nil)
        load.close()
    }
}
