import APIContract
import Foundation
import HummingbirdWSClient
import Logging

/// Follows one transaction over the node's `GET /v1/ws` (docs/PROTOCOL.md,
/// "Subscriptions"): subscribes to it and hands each status the node
/// pushes to `changed` until that returns true (a final status) or
/// `deadline` passes. Messages are bounded (``maxMessageBytes``).
struct TransactionSubscription {
    let node: URL
    let hash: String

    /// The largest message the wallet reads from the node.
    static let maxMessageBytes = 64 * 1024

    /// How following ended.
    enum Outcome: Equatable {
        /// `changed` returned true.
        case finished
        /// The deadline passed first.
        case timedOut
        /// The node serves no subscriptions (or the connection failed): poll instead.
        case unavailable
    }

    /// The WebSocket URL of `node`'s subscriptions.
    var url: String {
        var components = URLComponents(url: node, resolvingAgainstBaseURL: false) ?? URLComponents()
        components.scheme = components.scheme == "https" ? "wss" : "ws"
        components.path = components.path.hasSuffix("/") ? components.path + "v1/ws" : components.path + "/v1/ws"
        return components.string ?? "ws://127.0.0.1/v1/ws"
    }

    /// How long the node has to acknowledge the subscription before the
    /// wallet polls instead (a proxy that holds the upgrade must not eat the
    /// whole wait).
    static let acknowledgementTimeout: Duration = .seconds(3)

    func follow(until deadline: ContinuousClock.Instant, changed: @escaping @Sendable (SocketMessage.TransactionEvent) async throws -> Bool) async throws -> Outcome {
        let finished = Flag()
        let acknowledged = Flag()
        let request = SubscriptionRequest(op: "subscribe", topic: .transaction(hash.lowercased()))
        let text = String(decoding: try JSONEncoder().encode(request), as: UTF8.self)
        let ended = try await withThrowingTaskGroup(of: Outcome.self) { group in
            group.addTask {
                // A refused upgrade or a lost connection ends this task; the caller then polls.
                _ = try? await WebSocketClient.connect(url: url, configuration: .init(maxFrameSize: Self.maxMessageBytes), logger: Logger(label: "rollup.wallet")) {
                    inbound, outbound, _ in
                    try await outbound.write(.text(text))
                    for try await message in inbound.messages(maxSize: Self.maxMessageBytes) {
                        guard case .text(let json) = message, let reply = try? JSONDecoder().decode(SocketMessage.self, from: Data(json.utf8)) else { continue }
                        if reply.error != nil { return }
                        if reply.type == "ack" { acknowledged.set() }
                        if let event = reply.transaction, event.hash == hash.lowercased(), try await changed(event) {
                            finished.set()
                            return
                        }
                    }
                }
                return finished.value ? .finished : .unavailable
            }
            group.addTask {
                try await Task.sleep(until: min(deadline, .now + Self.acknowledgementTimeout))
                if !acknowledged.value && ContinuousClock.now < deadline { return .unavailable }
                try await Task.sleep(until: deadline)
                return .timedOut
            }
            let first = try await group.next() ?? .unavailable
            group.cancelAll()
            return first
        }
        return finished.value ? .finished : ended
    }
}

/// A flag set once, from any task.
private final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var isSet = false

    var value: Bool { lock.withLock { isSet } }
    func set() { lock.withLock { isSet = true } }
}
