import Algebra
import Foundation

/// A plain TCP connection to the node on loopback, for what an HTTP client
/// library will not send: partial requests, trickled bytes, malformed HTTP.
final class RawHTTPConnection: @unchecked Sendable {
    private let descriptor: Int32

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(descriptor)
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .ECONNREFUSED)
        }
    }

    deinit { close(descriptor) }

    /// Sends `text`; false once the node has closed the connection.
    @discardableResult
    func send(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { Foundation.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } == bytes.count
    }

    /// What arrives within `timeout` (or until `complete` holds for it), and
    /// whether the node closed the connection (end of stream or reset) by
    /// then. It waits on a thread of its own: blocking a thread of the
    /// cooperative pool would starve the server under test.
    func receive(timeout: Duration, until complete: @escaping @Sendable (String) -> Bool = { _ in false }) async -> (text: String, closed: Bool) {
        (try? await DedicatedThread.run(name: "test.receive", priority: .normal) { self.blockingReceive(timeout: timeout, until: complete) }) ?? ("", false)
    }

    private func blockingReceive(timeout: Duration, until complete: (String) -> Bool) -> (text: String, closed: Bool) {
        var received = [UInt8]()
        let deadline = ContinuousClock.now + timeout
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while ContinuousClock.now < deadline {
            let left = deadline - ContinuousClock.now
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(max(1, left / .milliseconds(1)))) > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count <= 0 { return (String(decoding: received, as: UTF8.self), true) }
            received += buffer[0..<count]
            if complete(String(decoding: received, as: UTF8.self)) { break }
        }
        return (String(decoding: received, as: UTF8.self), false)
    }
}
