import Algebra
import Foundation
import Support

/// A plain TCP connection to the node on loopback, for what an HTTP client
/// library will not send: partial requests, trickled bytes, malformed HTTP.
final class RawHTTPConnection: @unchecked Sendable {
    private let descriptor: Int32

    /// A connection to 127.0.0.1:`port` from the loopback address `source`
    /// (any of 127.0.0.0/8, so that one test can be several clients);
    /// `receiveBuffer` shrinks the socket's receive buffer (and so the
    /// window the node may fill while this client reads nothing).
    init(port: Int, from source: String = "127.0.0.1", receiveBuffer: Int32? = nil) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        if var size = receiveBuffer { setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size)) }
        var local = sockaddr_in()
        local.sin_family = sa_family_t(AF_INET)
        local.sin_addr.s_addr = inet_addr(source)
        let bound = withUnsafePointer(to: &local) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else {
            close(descriptor)
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EADDRNOTAVAIL)
        }
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
        let (bytes, closed) = await receiveBytes(timeout: timeout) { complete(String(decoding: $0, as: UTF8.self)) }
        return (String(decoding: bytes, as: UTF8.self), closed)
    }

    /// ``receive(timeout:until:)``'s bytes, for binary answers.
    func receiveBytes(timeout: Duration, until complete: @escaping @Sendable ([UInt8]) -> Bool = { _ in false }) async -> (bytes: [UInt8], closed: Bool) {
        (try? await DedicatedThread.run(name: "test.receive", priority: .normal) { self.blockingReceive(timeout: timeout, until: complete) }) ?? ([], false)
    }

    /// Reads `chunk` bytes every `interval`, a slow reader, until the node
    /// closes the connection or `timeout` passes: how many bytes arrived,
    /// and whether it was closed.
    func receiveSlowly(chunk: Int, every interval: Duration, timeout: Duration) async -> (count: Int, closed: Bool) {
        (try? await DedicatedThread.run(name: "test.slow", priority: .normal) { () -> (count: Int, closed: Bool) in
            var count = 0
            var buffer = [UInt8](repeating: 0, count: chunk)
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline {
                Thread.sleep(forTimeInterval: Double(interval / .milliseconds(1)) / 1000)
                var poller = pollfd(fd: self.descriptor, events: Int16(POLLIN), revents: 0)
                guard poll(&poller, 1, 0) > 0 else { continue }
                let received = buffer.withUnsafeMutableBytes { recv(self.descriptor, $0.baseAddress, $0.count, 0) }
                if received <= 0 { return (count, true) }
                count += received
            }
            return (count, false)
        }) ?? (0, false)
    }

    private func blockingReceive(timeout: Duration, until complete: ([UInt8]) -> Bool) -> (bytes: [UInt8], closed: Bool) {
        var received = [UInt8]()
        let deadline = ContinuousClock.now + timeout
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while ContinuousClock.now < deadline {
            let left = deadline - ContinuousClock.now
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(max(1, left / .milliseconds(1)))) > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count <= 0 { return (received, true) }
            received += buffer[0..<count]
            if complete(received) { break }
        }
        return (received, false)
    }
}
