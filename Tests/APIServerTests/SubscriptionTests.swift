import APIContract
import APIServer
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOWebSocket
import Node
import NodeTestSupport
import RollupTypes
import Storage
import Testing
import TestSupport

/// `GET /v1/ws` (docs/PROTOCOL.md, "Subscriptions") against live nodes:
/// a transfer's journey pushed as it is stored, unsubscribing, the current
/// state at once, refused requests, the connection cap, and a slow reader
/// dropped while the others keep their events.
struct SubscriptionTests {
    typealias Fixture = APIFixture

    /// Waits until `hash` is verified on `node` (bounded).
    static func verified(_ hash: String, _ node: RollupNode) async throws -> StoredTransaction {
        let verified = try await Poll.value { () throws -> StoredTransaction? in
            guard let stored = try node.context.store.transaction(hash: hash), case .verified = stored.status else { return nil }
            return stored
        }
        return try requireValue(verified, "transaction \(hash) verified within 2 minutes")
    }

    @Test func aTransferIsPushedPendingCommittedVerifiedAsStored() async throws {
        let node = try await Fixture.node(provers: 1)
        try await node.application().test(.live) { client in
            let port = try #require(client.port)
            for (key, sequence) in [(Fixture.alice, UInt64(1)), (Fixture.bob, 2)] {
                try await client.execute(uri: "/v1/deposits", method: .post, body: Fixture.deposit(key, 1_000, sequence: sequence, node: node)) { response in
                    #expect(response.status == .accepted)
                }
            }
            let subscriber = SubscriptionClient(port: port)
            let transfer = Fixture.transfer(1, 2, 10, nonce: 0, key: Fixture.alice, node: node)
            let hash = transfer.transaction.hash
            subscriber.send(SubscriptionRequest(op: "subscribe", topic: .transaction(hash), id: "t"))
            subscriber.send(SubscriptionRequest(op: "subscribe", topic: .blocks))
            subscriber.send(SubscriptionRequest(op: "subscribe", topic: .account(2)))
            let ack = try #require(try await subscriber.first { $0.type == "ack" && $0.id == "t" })
            #expect(ack.message.op == "subscribe" && ack.message.subject == .transaction(hash))
            _ = try #require(try await subscriber.first { $0.type == "ack" && $0.subject == .account(2) })

            try await client.execute(uri: "/v1/transactions", method: .post, body: Fixture.body(transfer)) { #expect($0.status == .accepted) }
            let stored = try await Self.verified(hash, node)
            guard case .verified(let number) = stored.status else { Issue.record("not verified"); return }
            let block = try #require(try node.context.store.blocks(from: number, limit: 1).first)
            _ = try await subscriber.first { message in message.transaction?.status == "verified" }
            _ = try await subscriber.block(number, "verified")

            // Each status once, in order. How soon after it was stored each arrived is printed, not asserted: a block's
            // time is stamped when its write transaction begins, before the write and its fsync, and under the whole
            // suite's load on two cores a commit's event was seen 2.9 s after that stamp (docs/PERFORMANCE.md,
            // "Subscriptions").
            let journey = subscriber.log.all.filter { $0.message.subject == .transaction(hash) && $0.message.type == "event" }
            #expect(journey.map { $0.message.transaction?.status } == ["pending", "committed", "verified"], "\(journey.map(\.message))")
            #expect(journey.dropFirst().allSatisfy { $0.message.transaction?.block == number })
            let storedAt = [stored.receivedAt, block.committedAt, block.verifiedAt ?? .max]
            print("subscriptions: the transfer's events arrived \(zip(journey, storedAt).map { $0.at - $1 }) ms after each status was stored")
            // The block, committed then verified; Bob's account as it changed.
            let blockEvents = subscriber.log.all.flatMap { $0.message.blocks ?? [] }.filter { $0.number == number }
            #expect(blockEvents.map(\.status) == ["committed", "verified"] && blockEvents.allSatisfy { $0.type == "transfer" && $0.transactions == 1 })
            #expect(blockEvents.last?.proofMilliseconds.map { $0 > 0 } == true)
            let bob = try #require(try await subscriber.first { $0.state?.verified?.balance == "1010" })
            #expect(bob.message.state?.committed?.balance == "1010")

            // Unsubscribed from everything, it hears nothing of the next transfer.
            for topic in [SubscriptionTopic.transaction(hash), .blocks, .account(2)] {
                subscriber.send(SubscriptionRequest(op: "unsubscribe", topic: topic, id: "u-\(topic)"))
            }
            _ = try #require(try await subscriber.first { $0.type == "ack" && $0.id == "u-account 2" })
            let heard = subscriber.log.all.count
            let next = Fixture.transfer(1, 2, 10, nonce: 1, key: Fixture.alice, node: node)
            try await client.execute(uri: "/v1/transactions", method: .post, body: Fixture.body(next)) { #expect($0.status == .accepted) }
            _ = try await Self.verified(next.transaction.hash, node)
            try await Task.sleep(for: .milliseconds(200))
            #expect(subscriber.log.all.count == heard, "\(subscriber.log.all.dropFirst(heard).map(\.message))")

            // A late subscriber to a verified transaction hears its state at once.
            let late = SubscriptionClient(port: port)
            late.send(SubscriptionRequest(op: "subscribe", topic: .transaction(hash)))
            let now = try #require(try await late.first { $0.type == "event" })
            #expect(now.message.transaction == SocketMessage.TransactionEvent(hash: hash, status: "verified", block: number, reason: nil))
            subscriber.close()
            late.close()
        }
    }

    @Test func badRequestsAreAnsweredWithErrorsAndPlainGETWith426() async throws {
        var limits = SubscriptionLimits()
        limits.maxSubscriptionsPerConnection = 2
        let node = try await Fixture.node(subscriptions: limits)
        try await node.application().test(.live) { client in
            let port = try #require(client.port)
            let subscriber = SubscriptionClient(port: port)
            subscriber.send(text: "not json")
            subscriber.send(text: #"{"op": "subscribe", "topic": "mempool", "id": "m"}"#)
            subscriber.send(text: #"{"op": "subscribe", "topic": "transaction", "hash": "0x12", "id": "h"}"#)
            subscriber.send(text: #"{"op": "publish", "topic": "blocks", "id": "p"}"#)
            // Outside tester, December 2026: a field no request has, and a hash spelt 0X, were acknowledged.
            subscriber.send(text: #"{"op": "subscribe", "topic": "blocks", "id": "x", "extra": 1}"#)
            subscriber.send(text: #"{"op": "subscribe", "topic": "transaction", "hash": "0X"# + String(repeating: "ab", count: 32) + #"", "id": "X"}"#)
            // Attacker finding of December 2026: an account that cannot exist (beyond the tree) was acknowledged.
            let beyond = UInt32(1) << UInt32(node.context.chain.treeDepth)
            subscriber.send(SubscriptionRequest(op: "subscribe", topic: .account(beyond), id: "beyond"))
            subscriber.send(SubscriptionRequest(op: "subscribe", topic: .blocks))
            subscriber.send(SubscriptionRequest(op: "subscribe", topic: .status))
            subscriber.send(SubscriptionRequest(op: "subscribe", topic: .account(1), id: "third"))
            let third = try #require(try await subscriber.first { $0.id == "third" })
            let errors = subscriber.log.all.compactMap { entry in entry.message.error.map { (entry.message.id, $0.code) } }
            #expect(errors.map(\.0) == [nil, "m", "h", "p", nil, "X", "beyond", "third"], "\(errors)")
            #expect(errors.map(\.1) == ["bad_message", "bad_topic", "bad_topic", "bad_message", "bad_message", "bad_topic", "bad_topic", "too_many_subscriptions"])
            #expect(third.message.type == "error")
            // The status topic answers at once with the load.
            let status = try #require(try await subscriber.first { $0.status != nil })
            #expect(status.message.status?.pendingTransactions == 0)
            subscriber.close()

            try await client.execute(uri: "/v1/ws", method: .get) { response in
                #expect(response.status == .upgradeRequired && Fixture.errorCode(response) == "upgrade_required")
            }
        }
    }

    /// A subscriber that stops reading while it keeps asking is dropped with
    /// the documented close code; another subscriber keeps its events.
    @Test func aSlowReaderIsDroppedAndOthersKeepTheirEvents() async throws {
        var limits = SubscriptionLimits()
        limits.maxQueuedMessages = 64
        // Its requests are not paced here: their unread acknowledgements are what fills its queue.
        limits.requestBurst = 100_000
        let node = try await Fixture.node(subscriptions: limits)
        try await node.application().test(.live) { client in
            let port = try #require(client.port)
            let steady = SubscriptionClient(port: port)
            steady.send(SubscriptionRequest(op: "subscribe", topic: .blocks, id: "b"))
            _ = try #require(try await steady.first { $0.id == "b" })

            let stopReading = Task<Void, Never> { try? await Task.sleep(for: .seconds(3)) }
            let slow = SubscriptionClient(port: port, readingFrom: stopReading)
            // Each request earns an acknowledgement it does not read; the kernel's buffers fill, then its queue.
            for round in 0..<60_000 {
                slow.send(SubscriptionRequest(op: round.isMultiple(of: 2) ? "subscribe" : "unsubscribe", topic: .blocks))
                if round.isMultiple(of: 1_000) { try await Task.sleep(for: .milliseconds(5)) }
            }
            try await client.execute(uri: "/v1/deposits", method: .post, body: Fixture.deposit(Fixture.alice, 5, sequence: 1, node: node)) {
                #expect($0.status == .accepted)
            }
            await APIFixture.seal(node)
            let event = try await steady.block(1, "committed")
            #expect(event?.type == "deposit")

            // It reads its close frame, or, if it still has not reached it 5 s after the drop (a loaded machine), it is reset.
            do {
                let close = try await slow.closeFrame(within: .seconds(30))
                #expect(close?.closeCode == .unknown(SubscriptionLimits.slowCloseCode), "\(String(describing: close))")
                #expect(close?.reason?.contains("too slow") == true)
            } catch let error as IOError {
                #expect(error.errnoCode == ECONNRESET, "\(error)")
            }
            steady.close()
        }
    }

    /// The queue of a client that never reads is bounded in bytes too, not
    /// only in messages: with room for 100,000 messages but 16 KiB, a client
    /// that asks without reading is dropped once its answers would cost more.
    @Test func aClientThatNeverReadsIsDroppedAtTheByteBound() async throws {
        var limits = SubscriptionLimits()
        limits.maxQueuedMessages = 100_000
        limits.maxQueuedBytes = 16 * 1_024
        limits.requestBurst = 100_000
        let node = try await Fixture.node(subscriptions: limits)
        try await node.application().test(.live) { client in
            let port = try #require(client.port)
            let neverReads = Task<Void, Never> { try? await Task.sleep(for: .seconds(3_600)) }
            defer { neverReads.cancel() }
            let silent = SubscriptionClient(port: port, readingFrom: neverReads)
            let events = node.context.events
            #expect(try await Poll.until(timeout: .seconds(30)) { events.connections == 1 }, "the client did not connect")
            for round in 0..<20_000 {
                silent.send(SubscriptionRequest(op: round.isMultiple(of: 2) ? "subscribe" : "unsubscribe", topic: .blocks, id: String(repeating: "x", count: 60)))
                if round.isMultiple(of: 1_000) { try await Task.sleep(for: .milliseconds(5)) }
            }
            // Dropped: the node resets it after the grace, since it never reads its close frame, and forgets it.
            let dropped = try await Poll.until(timeout: .seconds(60)) { events.connections == 0 }
            #expect(dropped, "a client that never read was not dropped")
            silent.close()
        }
    }

    /// A frame larger than the documented largest message (1 KiB) is
    /// refused by the WebSocket layer itself (close 1009), not read whole.
    @Test func aFrameLargerThanTheLargestMessageClosesTheConnection() async throws {
        let node = try await Fixture.node()
        try await node.application().test(.live) { client in
            let port = try #require(client.port)
            let large = SubscriptionClient(port: port)
            let padding = String(repeating: "x", count: 2 * SubscriptionLimits().maxMessageBytes)
            large.send(text: #"{"op": "subscribe", "topic": "blocks", "id": "\#(padding)"}"#)
            let close = try await large.closeFrame(within: .seconds(20))
            #expect(close?.closeCode == .messageTooLarge, "\(String(describing: close)); \(large.log.all.map(\.message))")
        }
    }

    /// WebSocket connections count toward the connection cap, and leave it
    /// when they close. (The test client may hold one connection.)
    @Test func subscribersCountTowardTheConnectionCap() async throws {
        let http = {
            var http = HTTPLimits()
            http.maxConnections = 3
            return http
        }()
        let node = try await Fixture.node(http: http)
        try await node.application().test(.live) { client in
            let port = try #require(client.port)
            var subscribers = [SubscriptionClient]()
            var refused = false
            while !refused && subscribers.count <= http.maxConnections {
                let subscriber = SubscriptionClient(port: port)
                subscriber.send(SubscriptionRequest(op: "subscribe", topic: .blocks, id: "s"))
                // Served (acknowledged) or refused (closed by the node), however long a loaded machine takes to say which.
                let served = try await Poll.value(timeout: .seconds(120), every: .milliseconds(20)) { () -> Bool? in
                    if subscriber.log.all.contains(where: { $0.message.id == "s" }) { return true }
                    return subscriber.log.ended ? false : nil
                }
                if try #require(served, "no answer to a subscription within 2 minutes") { subscribers.append(subscriber) } else { refused = true }
            }
            #expect(refused && subscribers.count >= http.maxConnections - 1, "\(subscribers.count) subscribers were served; the cap is \(http.maxConnections)")
            let request = "GET /v1/chain HTTP/1.1\r\nHost: node\r\n\r\n"
            let full = try RawHTTPConnection(port: port)
            full.send(request)
            let (text, _) = await full.receive(timeout: .seconds(10)) { $0.hasSuffix("}") }
            #expect(text.hasPrefix("HTTP/1.1 503") && text.contains("too_many_connections"), "\(text)")
            let first = try #require(subscribers.first, "no subscriber was served")
            first.close()
            _ = try? await first.connection.value
            // The node frees the slot once it sees the socket close, which a loaded machine may take a while to do.
            var answer = ""
            let served = try await Poll.until(timeout: .seconds(120), every: .milliseconds(200)) {
                let connection = try RawHTTPConnection(port: port)
                connection.send(request)
                answer = await connection.receive(timeout: .seconds(10)) { $0.hasSuffix("}") }.text
                return answer.hasPrefix("HTTP/1.1 200")
            }
            #expect(served, "\(answer.prefix(200))")
            subscribers.forEach { $0.close() }
        }
    }

    /// Subscribing and unsubscribing in a loop (each subscription to a
    /// transaction is a storage read) is paced: after a burst, the node
    /// reads a connection's requests at a bounded rate, and answers them all.
    @Test func aClientThatSubscribesInALoopIsPaced() async throws {
        let limits = {
            var limits = SubscriptionLimits()
            limits.requestBurst = 20
            limits.requestsPerSecond = 10
            return limits
        }()
        let node = try await Fixture.node(subscriptions: limits)
        try await node.application().test(.live) { client in
            let port = try #require(client.port)
            let subscriber = SubscriptionClient(port: port)
            let pairs = 40
            let hash = "0x" + String(repeating: "ab", count: 32)
            // The node's pacer starts full when the socket opens, which is
            // after this instant; load on the machine only delays answers,
            // so both bounds below hold however slow the machine is.
            let sent = UnixTime.milliseconds()
            for index in 0..<pairs {
                subscriber.send(SubscriptionRequest(op: "subscribe", topic: .transaction(hash), id: "s\(index)"))
                subscriber.send(SubscriptionRequest(op: "unsubscribe", topic: .transaction(hash), id: "u\(index)"))
            }
            let last = "u\(pairs - 1)"
            let end = try #require(try await subscriber.first(.seconds(60)) { message in message.id == last })
            let answers = subscriber.log.all.filter { entry in entry.message.type == "ack" }
            #expect(answers.count == 2 * pairs, "every request is answered")
            // 80 requests: 20 at once, then 60 at 10 a second, so at least
            // 6 s from sending to the last answer (an unpaced node: a few ms).
            #expect(end.at - sent >= 5_500, "the last answer came \(end.at - sent) ms after the requests were sent")
            let withinASecond = answers.filter { entry in entry.at - sent < 1_000 }.count
            #expect(withinASecond <= limits.requestBurst + limits.requestsPerSecond + 1, "\(withinASecond) answers in the first second after sending")
            subscriber.close()
        }
    }

    /// Attacker finding of December 2026: one address opening sockets
    /// until the connection cap is reached holds every connection of the
    /// node (pacing is per connection). One address may hold at most
    /// `maxSocketsPerAddress` sockets; the next is closed at once with the
    /// crowded close code, and once one closes, another is served.
    @Test func oneAddressHoldsAtMostItsShareOfSockets() async throws {
        let limits = {
            var limits = SubscriptionLimits()
            limits.maxSocketsPerAddress = 3
            return limits
        }()
        let node = try await Fixture.node(subscriptions: limits)
        try await node.application().test(.live) { client in
            let port = try #require(client.port)
            var held = [SubscriptionClient]()
            for index in 0..<limits.maxSocketsPerAddress {
                let socket = SubscriptionClient(port: port)
                socket.send(SubscriptionRequest(op: "subscribe", topic: .blocks, id: "s\(index)"))
                _ = try #require(try await socket.first { $0.id == "s\(index)" }, "socket \(index) was not served")
                held.append(socket)
            }
            let beyond = SubscriptionClient(port: port)
            beyond.send(SubscriptionRequest(op: "subscribe", topic: .blocks, id: "beyond"))
            let close = try await beyond.closeFrame(within: .seconds(30))
            #expect(close?.closeCode == .unknown(SubscriptionLimits.crowdedCloseCode) && close?.reason?.contains("too many sockets") == true,
                    "\(String(describing: close)); \(beyond.log.all.map(\.message))")
            #expect(!beyond.log.all.contains { $0.message.id == "beyond" })

            held[0].close()
            _ = try? await held[0].connection.value
            let served = try await Poll.value(timeout: .seconds(30), every: .milliseconds(100)) { () async throws -> SubscriptionClient? in
                let again = SubscriptionClient(port: port)
                again.send(SubscriptionRequest(op: "subscribe", topic: .blocks, id: "again"))
                if try await again.first(.seconds(2), where: { $0.id == "again" }) != nil { return again }
                again.close()
                return nil
            }
            #expect(served != nil, "no socket was served once one of the address's closed")
            (held + [served].compactMap { $0 }).forEach { $0.close() }
        }
    }

    /// Attacker finding of December 2026: sockets that subscribe to
    /// nothing and only answer pings held the connection cap forever. A
    /// socket with no subscription for `idleTimeout` after its last request
    /// is closed with the idle close code; one that holds a subscription stays.
    @Test func aSocketWithoutSubscriptionsIsClosedWhenIdle() async throws {
        let limits = {
            var limits = SubscriptionLimits()
            limits.idleTimeout = .seconds(1)
            return limits
        }()
        let node = try await Fixture.node(subscriptions: limits)
        try await node.application().test(.live) { client in
            let port = try #require(client.port)
            let subscribed = SubscriptionClient(port: port)
            subscribed.send(SubscriptionRequest(op: "subscribe", topic: .blocks, id: "kept"))
            _ = try #require(try await subscribed.first { $0.id == "kept" })
            let idle = SubscriptionClient(port: port)
            idle.send(SubscriptionRequest(op: "subscribe", topic: .status, id: "left"))
            _ = try #require(try await idle.first { $0.id == "left" })
            idle.send(SubscriptionRequest(op: "unsubscribe", topic: .status, id: "gone"))
            _ = try #require(try await idle.first { $0.id == "gone" })

            let close = try await idle.closeFrame(within: .seconds(60))
            #expect(close?.closeCode == .unknown(SubscriptionLimits.idleCloseCode) && close?.reason?.contains("no subscription") == true,
                    "\(String(describing: close))")
            let events = node.context.events
            #expect(try await Poll.until(timeout: .seconds(30)) { events.connections == 1 }, "the idle socket is still counted")
            // Past the idle time since its last request, the subscribed socket is still served.
            try await Task.sleep(for: .milliseconds(1_500))
            subscribed.send(SubscriptionRequest(op: "subscribe", topic: .status, id: "still"))
            #expect(try await subscribed.first { $0.id == "still" } != nil, "the subscribed socket was closed too")
            subscribed.close()
        }
    }

    /// Attacker finding of December 2026 (second probe): clients that send
    /// requests faster than the pacing reads them and then go away left
    /// their backlog to be served, a request at a time, long after they
    /// left: the node's memory grew by gigabytes, it was busy with no
    /// client connected, and SIGTERM waited minutes. A socket whose client
    /// has gone is no longer served.
    @Test func aGoneClientsBacklogIsNotServed() async throws {
        let limits = {
            var limits = SubscriptionLimits()
            limits.requestBurst = 1
            limits.requestsPerSecond = 1
            return limits
        }()
        let node = try await Fixture.node(subscriptions: limits)
        try await node.application().test(.live) { client in
            let port = try #require(client.port)
            let events = node.context.events
            let flooder = SubscriptionClient(port: port)
            #expect(try await Poll.until(timeout: .seconds(30)) { events.connections == 1 }, "the client did not connect")
            for round in 0..<400 {
                flooder.send(SubscriptionRequest(op: round.isMultiple(of: 2) ? "subscribe" : "unsubscribe", topic: .blocks))
            }
            _ = try await flooder.first(.seconds(10)) { $0.type == "ack" }
            flooder.close()
            // Paced at one a second, its backlog would take minutes; the socket is let go at once.
            let released = try await Poll.until(timeout: .seconds(15)) { events.connections == 0 }
            #expect(released, "the node still serves the backlog of a client that has gone")
        }
    }
}
