import Foundation
import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// A channel handler on every HTTP connection, between HTTP decoding and
/// the application, that enforces ``HTTPLimits`` and answers what never
/// reaches the router with the API's JSON error body. It is added once the
/// first request head shows the connection is not a WebSocket; the
/// ``ConnectionGate`` below it counts connections and times the first head.
/// - no complete request head within `headTimeout` of the last response
///   ending: the connection is closed;
/// - a body not complete within `bodyTimeout` of its head: 408, closed;
/// - a Content-Length above `maxBodySize`: 413 before the body is read;
/// - bytes that are not HTTP/1.1 (a bad request line, two
///   Content-Lengths, an oversized header): 400, closed;
/// - a client that reads a response slower than `minimumReadRate` over a
///   `readerWindow` in which bytes waited for it throughout: closed.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private enum Inbound {
        /// Waiting for the next request head.
        case betweenRequests
        /// Reading a request's body.
        case inRequest
        /// Answered by this handler and closing: everything read is dropped.
        case refused
    }

    private let limits: HTTPLimits
    private var armed = false
    private var inbound = Inbound.betweenRequests
    /// Requests passed on whose response has not ended yet.
    private var unanswered = 0
    /// The application has written a response head and not yet its end:
    /// this handler must not answer in between.
    private var responding = false
    private var deadline: Scheduled<Void>?
    /// Response bytes handed to the socket's side that it has not yet sent.
    private var unsentBytes = 0
    /// Response bytes sent in the current reader window.
    private var sentInWindow = 0
    /// Whether bytes waited unsent when the current window began.
    private var waitingAtWindowStart = false
    private var readerCheck: RepeatedTask?

    init(limits: HTTPLimits) {
        self.limits = limits
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { admit(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        admit(context)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) { release() }

    func channelInactive(context: ChannelHandlerContext) {
        release()
        context.fireChannelInactive()
    }

    /// Starts the idle deadline and the reader check.
    private func admit(_ context: ChannelHandlerContext) {
        guard !armed else { return }
        armed = true
        armIdleDeadline(context)
        armReaderCheck(context)
    }

    private func release() {
        cancelDeadline()
        readerCheck?.cancel()
        readerCheck = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        switch (inbound, part) {
        case (.refused, _):
            return
        case (_, .head(let head)):
            cancelDeadline()
            if let length = head.headerFields[.contentLength].flatMap({ Int($0) }), length > HTTPLimits.maxBodySize {
                refuse(context, .contentTooLarge, "body_too_large", "the request body exceeds the node's limit of \(HTTPLimits.maxBodySize / 1024) KiB")
                return
            }
            inbound = .inRequest
            unanswered += 1
            arm(context, after: limits.bodyTimeout) { [weak self] in
                guard let self else { return }
                if self.responding || self.unanswered > 1 {
                    context.close(promise: nil)  // a response is under way: no second one
                } else {
                    self.refuse(context, .requestTimeout, "request_timeout", "the request body did not arrive within \(Self.seconds(self.limits.bodyTimeout))")
                }
            }
        case (_, .end):
            cancelDeadline()
            inbound = .betweenRequests
        case (_, .body):
            break
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head: responding = true
        case .body(let buffer):
            // Counted unsent until the socket takes it (the write's promise completes).
            let size = buffer.readableBytes
            unsentBytes += size
            let sent = context.eventLoop.makePromise(of: Void.self)
            let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
            sent.futureResult.whenComplete { _ in
                handler.value.unsentBytes -= size
                handler.value.sentInWindow += size
            }
            if let promise { sent.futureResult.cascade(to: promise) }
            context.write(data, promise: sent)
            return
        case .end:
            responding = false
            if unanswered > 0 { unanswered -= 1 }
            if unanswered == 0 && inbound == .betweenRequests { armIdleDeadline(context) }
        }
        context.write(data, promise: promise)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        guard error is HTTPParserError, !responding, inbound != .refused else {
            context.fireErrorCaught(error)
            return
        }
        refuse(context, .badRequest, "bad_request", "the request is not valid HTTP/1.1 (\(error)); see docs/PROTOCOL.md")
    }

    /// Answers with the JSON error body and closes the connection.
    private func refuse(_ context: ChannelHandlerContext, _ status: HTTPResponse.Status, _ code: String, _ message: String) {
        guard inbound != .refused else { return }
        inbound = .refused
        cancelDeadline()
        let body = (try? JSONEncoder().encode(["error": ["code": code, "message": message]])) ?? Data()
        var fields = HTTPFields()
        fields[.contentType] = "application/json"
        fields[.contentLength] = String(body.count)
        fields[.connection] = "close"
        context.write(wrapOutboundOut(.head(HTTPResponse(status: status, headerFields: fields))), promise: nil)
        context.write(wrapOutboundOut(.body(context.channel.allocator.buffer(bytes: body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in context.close(promise: nil) }
    }

    /// Every `readerWindow`: closes the connection if bytes waited for the
    /// client through the whole window and it took fewer than the floor.
    private func armReaderCheck(_ context: ChannelHandlerContext) {
        let window = TimeAmount.nanoseconds(Int64(limits.readerWindow / .nanoseconds(1)))
        let floor = Int(Double(limits.minimumReadRate) * Double(limits.readerWindow / .milliseconds(1)) / 1000)
        let check = NIOLoopBound({ [self] in
            let waiting = unsentBytes > 0
            defer {
                sentInWindow = 0
                waitingAtWindowStart = waiting
            }
            guard waitingAtWindowStart && waiting && sentInWindow < floor else { return }
            // Reset, not closed in order: what the kernel still holds for the client is dropped with it.
            // (On the event loop the option is set at once.)
            _ = (context.channel as? SocketOptionProvider)?.setSoLinger(linger(l_onoff: 1, l_linger: 0))
            context.close(promise: nil)
        }, eventLoop: context.eventLoop)
        readerCheck = context.eventLoop.scheduleRepeatedTask(initialDelay: window, delay: window) { _ in check.value() }
    }

    private func armIdleDeadline(_ context: ChannelHandlerContext) {
        arm(context, after: limits.headTimeout) { context.close(promise: nil) }
    }

    private func arm(_ context: ChannelHandlerContext, after duration: Duration, _ action: @escaping () -> Void) {
        cancelDeadline()
        let loopBound = NIOLoopBound(action, eventLoop: context.eventLoop)
        deadline = context.eventLoop.scheduleTask(in: .nanoseconds(Int64(duration / .nanoseconds(1)))) { loopBound.value() }
    }

    private func cancelDeadline() {
        deadline?.cancel()
        deadline = nil
    }

    static func seconds(_ duration: Duration?) -> String {
        "\(Double((duration ?? .zero) / .milliseconds(1)) / 1000) s"
    }
}
