import APIContract
import APIServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Node
import NodeTestSupport
import Primitives
import RollupTypes
import StorageTesting
import Testing

/// Signatures that an attacker captured (they are public through
/// GET /v1/transactions/{hash}) and sends again where they were not meant.
struct ReplayAttackTests {
    typealias Fixture = APIFixture

    /// The exact body of a transfer that chain A accepted is refused by
    /// chain B, where the same key holds the same account id and nonce.
    @Test func aTransferSignedForOneChainIsRefusedByAnother() async throws {
        let chainA = try await Fixture.node(), chainB = try await Fixture.node()
        let transfer = Fixture.transfer(1, 2, 100, nonce: 0, key: Fixture.alice, node: chainA)
        try await chainA.application().test(.router) { client in
            try await APIFixture.funded(client, chainA)
            try await client.execute(uri: "/v1/transactions", method: .post, body: Fixture.body(transfer)) { response in
                #expect(response.status == .accepted)
            }
        }
        try await chainB.application().test(.router) { client in
            try await APIFixture.funded(client, chainB)
            try await client.execute(uri: "/v1/transactions", method: .post, body: Fixture.body(transfer)) { response in
                #expect(response.status == .unprocessableContent)
                #expect(Fixture.errorCode(response) == "bad_signature")
            }
            #expect(await chainB.context.keeper.pendingCount == 0)
        }
    }

    /// A bridge sequence is spent once: a second deposit with it, even for
    /// another amount, is refused, while the first is pending, once it is
    /// sealed, and after a restart.
    @Test func aReusedBridgeSequenceIsRefused() async throws {
        let node = try await Fixture.node()
        try await node.application().test(.router) { client in
            try await client.execute(uri: "/v1/deposits", method: .post, body: Fixture.deposit(Fixture.alice, 10, sequence: 5, node: node)) { response in
                #expect(response.status == .accepted)
            }
            try await Self.reuse(5, client, node)
            #expect(await node.context.keeper.pendingCount == 1)
            await APIFixture.seal(node)
            try await Self.reuse(5, client, node)
        }
        let restarted = try await RollupNode.open(node.configuration)
        try await restarted.application().test(.router) { client in
            try await Self.reuse(5, client, restarted)
            #expect(await restarted.context.keeper.pendingCount == 0)
        }
    }

    /// Posts a new deposit (a new amount, so a new id) with bridge sequence `sequence`, expecting 409 duplicate_deposit.
    static func reuse(_ sequence: UInt64, _ client: some TestClientProtocol, _ node: RollupNode) async throws {
        let body = Fixture.deposit(Fixture.alice, UInt128.random(in: 100...1_000_000), sequence: sequence, node: node)
        try await client.execute(uri: "/v1/deposits", method: .post, body: body) { response in
            #expect(response.status == .conflict)
            #expect(Fixture.errorCode(response) == "duplicate_deposit")
        }
    }
}
