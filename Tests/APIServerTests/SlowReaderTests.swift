import APIServer
import Foundation
import Hummingbird
import Node
import NodeTestSupport
import RollupTypes
import HummingbirdTesting
import Testing

/// Responses that a client does not read: a reader slower than the floor
/// is cut off, and one address holds at most a few proving-key downloads
/// (docs/PROTOCOL.md, "Connections").
struct SlowReaderTests {
    typealias Fixture = APIFixture

    static let request = "GET /v1/circuits/transfer/proving-key HTTP/1.1\r\nHost: node\r\n\r\n"

    /// The proving key's length, from the node's own file.
    static func keyLength(_ node: RollupNode) throws -> Int {
        let path = try #require(node.context.provingKeyFiles[.transfer])
        return try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
    }

    /// A client that reads 4 KiB every half second (8 KiB/s, under the
    /// floor of 1 MiB/s set here) is cut off with most of the key unsent;
    /// one that reads at once gets all of it.
    @Test func aSlowReaderIsCutOff() async throws {
        var limits = HTTPLimits()
        limits.readerWindow = .seconds(1)
        limits.minimumReadRate = 1 << 20
        let node = try await Fixture.node(http: limits)
        let length = try Self.keyLength(node)
        try await node.application().test(.live) { client in
            let port = try #require(client.port)
            let reader = try RawHTTPConnection(port: port)
            #expect(reader.send(Self.request))
            let whole = await reader.receiveBytes(timeout: .seconds(60)) { $0.count > length }
            #expect(whole.bytes.count > length, "a prompt reader got \(whole.bytes.count) of \(length) bytes")

            let slow = try RawHTTPConnection(port: port, receiveBuffer: 4_096)
            #expect(slow.send(Self.request))
            let (count, closed) = await slow.receiveSlowly(chunk: 4_096, every: .milliseconds(500), timeout: .seconds(180))
            #expect(closed && count < length, "the slow reader got \(count) of \(length) bytes, closed: \(closed)")
        }
    }

    /// Four downloads from one address that read nothing hold its slots:
    /// a fifth is 429 too_many_downloads with Retry-After; once one of
    /// them is closed, a download is served again.
    @Test func oneAddressHoldsAtMostFourDownloads() async throws {
        let node = try await Fixture.node()
        let length = try Self.keyLength(node)
        try await node.application().test(.live) { client in
            let port = try #require(client.port)
            var stalled = [RawHTTPConnection]()
            for _ in 0..<4 {
                let connection = try RawHTTPConnection(port: port, receiveBuffer: 4_096)
                #expect(connection.send(Self.request))
                #expect(await connection.receiveBytes(timeout: .seconds(30)) { $0.count >= 12 }.bytes.starts(with: Array("HTTP/1.1 200".utf8)))
                stalled.append(connection)
            }
            let refused = try RawHTTPConnection(port: port)
            #expect(refused.send(Self.request))
            let answer = await refused.receive(timeout: .seconds(30)) { $0.hasSuffix("}") }
            #expect(answer.text.hasPrefix("HTTP/1.1 429") && answer.text.lowercased().contains("retry-after: 5"), "\(answer.text)")
            #expect(SlowAndMalformedClientTests.errorCode(answer.text) == "too_many_downloads", "\(answer.text)")
            let operation = try #require(try DocumentedOperation.all().first { $0.template == "/v1/circuits/{name}/proving-key" })
            #expect(operation.statuses.contains(429))

            stalled.removeFirst()  // closes it
            var served = false
            for _ in 0..<50 where !served {  // the node sees the close within moments; 10 s at most
                let again = try RawHTTPConnection(port: port)
                #expect(again.send(Self.request))
                let bytes = await again.receiveBytes(timeout: .seconds(60)) { $0.count > length || ($0.starts(with: Array("HTTP/1.1 429".utf8)) && $0.last == UInt8(ascii: "}")) }.bytes
                served = bytes.count > length && bytes.starts(with: Array("HTTP/1.1 200".utf8))
                if !served { try await Task.sleep(for: .milliseconds(200)) }
            }
            #expect(served)
        }
    }
}
