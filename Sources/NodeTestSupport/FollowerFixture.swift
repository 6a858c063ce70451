import APIContract
import APIServer
import Follower
import Foundation
import Groth16
import Hummingbird
import Node
import RollupTypes
import TestSupport

/// One upstream node for the follower tests, running for the whole test
/// process with two in-process provers and small circuits, holding blocks
/// of every type, all verified: deposits (Alice 1,000, Bob 50), then
/// transfers, then an exit (four or five blocks, as the transfer timeout
/// falls), and the verifying keys it serves, pinned in a directory as a
/// follower's --vk.
public struct FollowerUpstream: Sendable {
    public let node: RollupNode
    public let url: String
    public let client: NodeClient
    /// transfer.json, deposit.json and exit.json from GET /v1/circuits/{type}/verification-key.
    public let pinnedKeys: String
    /// The blocks made before any test ran.
    public let blocks: [BlockView]

    public static let shared = Task<FollowerUpstream, Error> { try await start() }

    private static func start() async throws -> FollowerUpstream {
        let node = try await APIFixture.node(provers: 2)
        let url = try await serve(node.application(onListening:))
        let client = try NodeClient(url)
        typealias Fixture = APIFixture
        let bridge = try requireValue(node.bridgeKey, "a new node has a bridge key")
        for (sequence, (key, amount)) in [(Fixture.alice, UInt128(1_000)), (Fixture.bob, 50)].enumerated() {
            let _: AcceptedView = try await client.post("v1/deposits", APIFixture.depositRequest(key, amount, sequence: UInt64(sequence + 1), node: node, signer: bridge))
        }
        try await waitUntil(client) { $0.lastCommittedBlock >= 1 }
        for transaction in [
            Fixture.transfer(1, 2, 300, fee: 2, nonce: 0, key: Fixture.alice, node: node),
            Fixture.transfer(2, 1, 20, fee: 0, nonce: 0, key: Fixture.bob, node: node),
        ] {
            let _: AcceptedView = try await client.post("v1/transactions", transaction)
        }
        try await waitUntil(client) { $0.lastCommittedBlock >= 2 }
        let _: AcceptedView = try await client.post("v1/transactions", Fixture.transfer(1, 2, 100, fee: 1, nonce: 1, key: Fixture.alice, node: node))
        try await waitUntil(client) { $0.lastCommittedBlock >= 3 }
        let exit = Fixture.exit(2, 200, fee: 3, nonce: 1, address: [UInt8](repeating: 0xAB, count: 20), key: Fixture.bob, node: node)
        let _: AcceptedView = try await client.post("v1/transactions", exit)
        // Every block proved and verified (a transfer may have sealed alone, so
        // the exit's block can be 4 or 5) before the blocks are snapshot.
        try await waitUntil(client) { $0.lastVerifiedBlock >= 4 && $0.lastVerifiedBlock == $0.lastCommittedBlock }
        let blocks: BlockPage = try await client.get("v1/blocks", query: ["limit": "100"])

        let pinned = ScratchDirectory.path("pinned-keys")
        try FileManager.default.createDirectory(at: pinned, withIntermediateDirectories: true)
        for type in BlockType.allCases {
            let key = try requireValue(node.context.verifyingKeys[type], "the node has a \(type.rawValue) key")
            try SnarkJSFormat.encode(key).write(to: pinned.appendingPathComponent("\(type.rawValue).json"))
        }
        return FollowerUpstream(node: node, url: url, client: client, pinnedKeys: pinned.path, blocks: blocks.blocks)
    }

    /// The chain keys a follower pins: this upstream's verifying keys, with
    /// the circuits cached under `data`.
    public static func pinned(_ upstream: FollowerUpstream, data: String) -> (ChainParameters) throws -> ChainKeys {
        { chain in try ChainKeys.pinned(in: upstream.pinnedKeys, chain: chain, cache: data + "/circuits") }
    }

    /// Runs `application` for the rest of the process; its URL.
    public static func serve<App: ApplicationProtocol>(_ application: (@escaping @Sendable (Int) -> Void) -> App) async throws -> String {
        let port = PortBox()
        let app = application { port.set($0) }
        Task { try await app.runService() }
        // Generous: on 2 cores under the whole suite, a node's start (keys loaded and checked) can take a while.
        guard try await Poll.until(timeout: .seconds(300), every: .milliseconds(10), { port.value != 0 }) else {
            throw FixtureFailure("the server did not start listening within 5 minutes")
        }
        return "http://127.0.0.1:\(port.value)"
    }

    /// Polls GET /v1/status until `condition` holds (at most 3 minutes).
    public static func waitUntil(_ client: NodeClient, _ condition: (StatusView) -> Bool) async throws {
        let reached = try await Poll.until(timeout: .seconds(180), every: .milliseconds(100)) { condition(try await client.get("v1/status")) }
        guard reached else { throw FixtureFailure("the node did not reach the state the test waits for within 3 minutes") }
    }
}

/// A port learnt once a server listens.
public final class PortBox: @unchecked Sendable {
    private let lock = NSLock()
    private var port = 0
    public var value: Int { lock.withLock { port } }
    public func set(_ value: Int) { lock.withLock { port = value } }
}

/// A fixture that could not be set up.
public struct FixtureFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// `value`, or a failure saying what was expected.
public func requireValue<T>(_ value: T?, _ expectation: String) throws -> T {
    guard let value else { throw FixtureFailure("expected \(expectation)") }
    return value
}
