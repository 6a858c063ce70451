import APIContract
import Foundation
import HummingbirdWSClient
import Logging
import NIOWebSocket
import Storage
import TestSupport

/// A WebSocket client of `GET /v1/ws` for tests: it keeps every message it
/// receives with the wall-clock millisecond it arrived, and sends what it
/// is given. With `readingFrom` it reads nothing until that task ends (a
/// slow reader).
final class SubscriptionClient: Sendable {
    /// A message and when it arrived (Unix milliseconds).
    struct Stamped: Sendable {
        let message: SocketMessage
        let at: Int64
    }

    /// What arrived so far.
    final class Log: @unchecked Sendable {
        private let lock = NSLock()
        private var entries = [Stamped]()

        func append(_ message: SocketMessage) {
            let at = UnixTime.milliseconds()
            lock.withLock { entries.append(Stamped(message: message, at: at)) }
        }

        var all: [Stamped] { lock.withLock { entries } }

        private var endedFlag = false
        /// Whether the connection has ended (closed by either side, or never opened).
        var ended: Bool { lock.withLock { endedFlag } }
        func end() { lock.withLock { endedFlag = true } }
    }

    let log = Log()
    private let outgoing: AsyncStream<String>.Continuation
    /// Ends with the close frame the node sent, if any.
    let connection: Task<WebSocketCloseFrame?, any Error>

    init(port: Int, readingFrom gate: Task<Void, Never>? = nil) {
        let (requests, outgoing) = AsyncStream.makeStream(of: String.self)
        self.outgoing = outgoing
        let log = log
        connection = Task {
            defer { log.end() }
            return try await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)/v1/ws", logger: Logger(label: "test.subscriber")) { inbound, outbound, _ in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for await text in requests { try await outbound.write(.text(text)) }
                    }
                    await gate?.value
                    for try await message in inbound.messages(maxSize: 1 << 20) {
                        guard case .text(let text) = message, let decoded = try? JSONDecoder().decode(SocketMessage.self, from: Data(text.utf8)) else { continue }
                        log.append(decoded)
                    }
                    group.cancelAll()
                }
            }
        }
    }

    func send(_ request: SubscriptionRequest) {
        outgoing.yield(String(decoding: try! JSONEncoder().encode(request), as: UTF8.self))
    }

    /// Sends raw text.
    func send(text: String) {
        outgoing.yield(text)
    }

    /// Waits up to `timeout` for a message that `matches`; nil if none came.
    func first(_ timeout: Duration = .seconds(10), where matches: @Sendable (SocketMessage) -> Bool) async throws -> Stamped? {
        try await Poll.value(timeout: timeout, every: .milliseconds(5)) { log.all.first { matches($0.message) } }
    }

    /// Waits up to `timeout` for the event of block `number` with `status`.
    func block(_ number: UInt32, _ status: String, timeout: Duration = .seconds(10)) async throws -> SocketMessage.BlockEvent? {
        try await Poll.value(timeout: timeout, every: .milliseconds(5)) {
            log.all.flatMap { $0.message.blocks ?? [] }.first { $0.number == number && $0.status == status }
        }
    }

    /// The close frame the node sent, once the connection has ended (within `timeout`).
    func closeFrame(within timeout: Duration) async throws -> WebSocketCloseFrame? {
        let ended = Task { try await connection.value }
        let outcome = Outcome()
        Task { outcome.set(await ended.result) }
        guard let result = try await Poll.value(timeout: timeout, { outcome.value }) else {
            close()
            throw CancellationError()
        }
        return try result.get()
    }

    /// A connection's outcome, once it is known.
    private final class Outcome: @unchecked Sendable {
        private let lock = NSLock()
        private var result: Result<WebSocketCloseFrame?, any Error>?

        var value: Result<WebSocketCloseFrame?, any Error>? { lock.withLock { result } }
        func set(_ result: Result<WebSocketCloseFrame?, any Error>) { lock.withLock { self.result = result } }
    }

    /// Closes the connection from this side.
    func close() {
        outgoing.finish()
        connection.cancel()
    }
}
