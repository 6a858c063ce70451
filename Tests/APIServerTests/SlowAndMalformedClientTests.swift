import APIServer
import Foundation
import Hummingbird
import HummingbirdTesting
import NodeTestSupport
import Testing

/// Clients that stall, trickle, lie about their size or do not speak
/// HTTP: each gets a JSON error or a closed connection, never a file
/// descriptor held forever, and never an empty 400.
struct SlowAndMalformedClientTests {
    typealias Fixture = APIFixture

    static var shortLimits: HTTPLimits {
        var limits = HTTPLimits()
        limits.headTimeout = .seconds(1)
        limits.bodyTimeout = .seconds(1)
        limits.maxConnections = 4
        return limits
    }

    /// Runs `body` against a live node with short limits.
    static func live(_ body: @escaping @Sendable (Int) async throws -> Void) async throws {
        let node = try await Fixture.node(http: shortLimits)
        try await node.application().test(.live) { client in try await body(try #require(client.port)) }
    }

    static func errorCode(_ response: String) -> String? {
        guard let json = response.components(separatedBy: "\r\n\r\n").dropFirst().first,
              let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { return nil }
        return (object["error"] as? [String: Any])?["code"] as? String
    }

    @Test func aStalledBodyGets408AndTheConnectionCloses() async throws {
        try await Self.live { port in
            let connection = try RawHTTPConnection(port: port)
            connection.send("POST /v1/transactions HTTP/1.1\r\nHost: node\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{\"ty")
            let (text, closed) = await connection.receive(timeout: .seconds(15))
            #expect(text.hasPrefix("HTTP/1.1 408"), "\(text)")
            #expect(Self.errorCode(text) == "request_timeout", "\(text)")
            #expect(closed)
        }
    }

    @Test func tricklingAndIdleConnectionsAreClosed() async throws {
        try await Self.live { port in
            let idle = try RawHTTPConnection(port: port)
            let trickling = try RawHTTPConnection(port: port)
            trickling.send("GET /v1/status HTTP/1.1\r\n")
            var closedWhileTrickling = false
            for _ in 0..<40 where !closedWhileTrickling {  // a byte every 250 ms, 10 s at most
                try await Task.sleep(for: .milliseconds(250))
                closedWhileTrickling = !trickling.send("X")
            }
            #expect(closedWhileTrickling)
            #expect(await idle.receive(timeout: .seconds(10)).closed)
        }
    }

    /// A keep-alive connection serves several requests, then closes once idle.
    /// (5 s of idle time here: under a loaded test run, a second request can
    /// take more than a second to follow the first.)
    @Test func keepAliveStillServesRequests() async throws {
        var limits = Self.shortLimits
        limits.headTimeout = .seconds(5)
        let node = try await Fixture.node(http: limits)
        try await node.application().test(.live) { client in
            let connection = try RawHTTPConnection(port: try #require(client.port))
            for round in 0..<2 {
                let sent = connection.send("GET /v1/status HTTP/1.1\r\nHost: node\r\n\r\n")
                let (text, closed) = await connection.receive(timeout: .seconds(10)) { $0.hasSuffix("}") }
                #expect(text.hasPrefix("HTTP/1.1 200"), "round \(round), sent \(sent), closed \(closed): \(text)")
            }
            #expect(await connection.receive(timeout: .seconds(30)).closed)
        }
    }

    @Test func aHugeContentLengthGets413BeforeTheBody() async throws {
        try await Self.live { port in
            let connection = try RawHTTPConnection(port: port)
            connection.send("POST /v1/transactions HTTP/1.1\r\nHost: node\r\nContent-Length: 10000000000\r\n\r\n")
            let (text, closed) = await connection.receive(timeout: .seconds(5))
            #expect(text.hasPrefix("HTTP/1.1 413"), "\(text)")
            #expect(Self.errorCode(text) == "body_too_large", "\(text)")
            #expect(closed)
        }
    }

    @Test(arguments: [
        "GARBAGE\r\n\r\n",
        "GET /v1/status HTTP/1.1 extra\r\n\r\n",
        "POST /v1/transactions HTTP/1.1\r\nHost: node\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
        "GET /v1/status HTTP/1.1\r\nHost: node\r\nX-Big: \(String(repeating: "a", count: 90_000))\r\n\r\n",
    ])
    func malformedHTTPGetsAJSON400(request: String) async throws {
        try await Self.live { port in
            let connection = try RawHTTPConnection(port: port)
            connection.send(request)
            let (text, closed) = await connection.receive(timeout: .seconds(5))
            #expect(text.hasPrefix("HTTP/1.1 400"), "\(text.prefix(200))")
            #expect(text.lowercased().contains("content-type: application/json"), "\(text.prefix(200))")
            #expect(Self.errorCode(text) == "bad_request", "\(text.prefix(200))")
            #expect(closed)
        }
    }

    /// Beyond the cap, a new connection is answered 503 and closed; once
    /// another closes, a new one is served. Connections open one by one,
    /// each proving it is served (the test client may hold one slot).
    @Test func connectionsAreCapped() async throws {
        let limits = {
            var limits = Self.shortLimits
            limits.headTimeout = .seconds(60)  // nothing may close for idleness meanwhile
            return limits
        }()
        let node = try await Fixture.node(http: limits)
        try await node.application().test(.live) { client in
            let port = try #require(client.port)
            let request = "GET /v1/status HTTP/1.1\r\nHost: node\r\n\r\n"
            var served = [RawHTTPConnection]()
            var refusal: String?
            while refusal == nil && served.count <= limits.maxConnections {
                let connection = try RawHTTPConnection(port: port)
                connection.send(request)
                let (text, _) = await connection.receive(timeout: .seconds(10)) { $0.hasSuffix("}") }
                if text.hasPrefix("HTTP/1.1 200") { served.append(connection) } else { refusal = text }
            }
            let text = try #require(refusal, "\(served.count) connections were all served; the cap is \(limits.maxConnections)")
            #expect(text.hasPrefix("HTTP/1.1 503"), "\(text)")
            #expect(Self.errorCode(text) == "too_many_connections", "\(text)")
            #expect(served.count >= limits.maxConnections - 1)
            served.removeFirst()
            try await Task.sleep(for: .milliseconds(200))
            let next = try RawHTTPConnection(port: port)
            next.send(request)
            let (answer, _) = await next.receive(timeout: .seconds(10)) { $0.hasSuffix("}") }
            #expect(answer.hasPrefix("HTTP/1.1 200"), "\(answer)")
        }
    }

    /// Attacker finding of December 2026: one address opening silent
    /// connections up to the cap held every connection of the node, and
    /// every other client was answered 503 until the head timeout (and the
    /// attacker reconnected). One address may hold at most
    /// ``HTTPLimits/maxConnectionsPerAddress``; one more is answered 429
    /// `too_many_connections_from_address` at once, and another address is
    /// still served.
    @Test func oneAddressCannotHoldEveryConnection() async throws {
        let limits = {
            var limits = HTTPLimits()
            limits.maxConnections = 8
            limits.maxConnectionsPerAddress = 4
            return limits
        }()
        let node = try await Fixture.node(http: limits)
        try await node.application().test(.live) { client in
            let port = try #require(client.port)
            var silent = [RawHTTPConnection]()
            for _ in 0..<limits.maxConnectionsPerAddress { silent.append(try RawHTTPConnection(port: port, from: "127.0.0.1")) }
            try await Task.sleep(for: .milliseconds(300))
            // The attacker keeps opening: each is refused at once, and counts toward nothing.
            for _ in 0..<limits.maxConnections {
                let extra = try RawHTTPConnection(port: port, from: "127.0.0.1")
                let (text, closed) = await extra.receive(timeout: .seconds(10)) { $0.hasSuffix("}") }
                #expect(text.hasPrefix("HTTP/1.1 429") && Self.errorCode(text) == "too_many_connections_from_address", "\(text.prefix(300))")
                let closedSoon = closed ? true : await extra.receive(timeout: .seconds(5)).closed
                #expect(closedSoon, "a refused connection is closed")
            }
            let other = try RawHTTPConnection(port: port, from: "127.0.0.2")
            other.send("GET /v1/status HTTP/1.1\r\nHost: node\r\n\r\n")
            let (answer, _) = await other.receive(timeout: .seconds(10)) { $0.hasSuffix("}") }
            #expect(answer.hasPrefix("HTTP/1.1 200"), "another address was answered \(answer.prefix(200))")
            withExtendedLifetime(silent) {}
        }
    }
}
