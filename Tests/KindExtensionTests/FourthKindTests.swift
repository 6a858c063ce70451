import APIContract
import APIServer
import Follower
import Foundation
import Groth16
import Hummingbird
import HummingbirdTesting
import Node
import NodeTestSupport
import Primitives
import RollupTypes
import TestSupport
import Testing
import Wallet
import ArgumentParser

/// A kind declared in this target alone (``Tip``, with its handler, slot and
/// replay) goes the whole way: submitted over HTTP, sealed, proved with a
/// small circuit, verified by the node and rebuilt by a follower. The
/// registry is the process's, so this suite runs in a process of its own
/// (`make test` runs it with ROLLUP_TEST_KIND_EXTENSION=1).
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["ROLLUP_TEST_KIND_EXTENSION"] == "1", "registers a kind for the whole process"))
struct FourthKindTests {
    typealias Fixture = APIFixture

    @Test func aKindDeclaredOutsideTheNodeIsSubmittedSealedProvedVerifiedAndFollowed() async throws {
        try TransactionKinds.register(Tip.self)
        #expect(BlockType.allCases.map(\.rawValue) == ["transfer", "deposit", "exit", "tip"])
        #expect(throws: KindRegistrationConflict.tag(0x7E, "tip", "tip")) { try TransactionKinds.register(Tip.self) }

        let node = try await Fixture.node(provers: 2)
        let url = try await FollowerUpstream.serve(node.application(onListening:))
        let client = try NodeClient(url)
        let _: AcceptedView = try await client.post("v1/deposits", Fixture.depositRequest(Fixture.alice, 1_000, sequence: 1, node: node))
        try await FollowerUpstream.waitUntil(client) { $0.lastCommittedBlock >= 1 }

        // Over HTTP, by its JSON form: refused without a signature, taken with one.
        let tip = Tip(account: try AccountID(1), fee: try PackedFee(packing: 25), nonce: 0)
        let unsigned = await Self.refusal(of: tip, by: client)
        #expect(unsigned?.status == 401 && unsigned?.code == "missing_signature", "\(String(describing: unsigned))")
        let signedByBob = await Self.refusal(of: tip.signed(with: Fixture.bob, chain: node.context.domain.chainID), by: client)
        #expect(signedByBob?.status == 422 && signedByBob?.code == "bad_signature", "\(String(describing: signedByBob))")
        let accepted: AcceptedView = try await client.post(
            "v1/transactions", SubmittedTransaction(Transaction(tip.signed(with: Fixture.alice, chain: node.context.domain.chainID))))
        try await FollowerUpstream.waitUntil(client) { $0.lastVerifiedBlock >= 2 && $0.lastVerifiedBlock == $0.lastCommittedBlock }
        #expect(WalletCommand.configuration.subcommands.map { $0.configuration.commandName }.contains("tip"))

        // The wallet's command for it comes from what the kind declares.
        let wallet = ScratchDirectory.path("tip-wallet")
        try FileManager.default.createDirectory(at: wallet, withIntermediateDirectories: true)
        let keystore = wallet.appendingPathComponent("alice.json").path, passphrase = wallet.appendingPathComponent("passphrase").path
        try JSONEncoder().encode(try Keystore.seal(Fixture.alice, passphrase: "tip")).write(to: URL(fileURLWithPath: keystore))
        try Data("tip".utf8).write(to: URL(fileURLWithPath: passphrase))
        let parsed = try WalletCommand.parseAsRoot(["tip", "--keystore", keystore, "--passphrase-file", passphrase, "--node", url, "--fee", "25", "--json"])
        var command = try #require(parsed as? any AsyncParsableCommand)
        try await command.run()
        try await FollowerUpstream.waitUntil(client) { $0.lastVerifiedBlock >= 3 && $0.lastVerifiedBlock == $0.lastCommittedBlock }

        let view: TransactionView = try await client.get("v1/transactions/\(accepted.hash)")
        #expect(view.status == "verified" && view.transaction.kind is Tip, "\(view)")
        let block: BlockView = try await client.get("v1/blocks/\(try #require(view.block))")
        #expect(block.type == "tip" && block.status == "verified")
        let alice: AccountView = try await client.get("v1/accounts/1")
        #expect(alice.verified == AccountView.State(balance: "950", nonce: 2))
        let operators: AccountView = try await client.get("v1/accounts/0")
        #expect(operators.verified?.balance == "50")

        // A follower pins the node's four keys and rebuilds the same state.
        let pinned = ScratchDirectory.path("tip-keys")
        try FileManager.default.createDirectory(at: pinned, withIntermediateDirectories: true)
        for type in BlockType.allCases {
            let key = try requireValue(node.context.verifyingKeys[type], "the node has a \(type.rawValue) key")
            try SnarkJSFormat.encode(key).write(to: pinned.appendingPathComponent("\(type.rawValue).json"))
        }
        let data = ScratchDirectory.path("tip-follower").path
        let follower = try await Follower.open(upstream: url, dataDirectory: data, allowDevelopmentKeys: true) { chain in
            try ChainKeys.pinned(in: pinned.path, chain: chain, cache: data + "/circuits")
        }
        let status: StatusView = try await client.get("v1/status")
        #expect(try await follower.catchUp() == status.lastVerifiedBlock)
        try await FollowerNode(follower: follower, port: 0, metrics: NodeMetrics()).application().test(.router) { followers in
            for id in 0...1 {
                let own = try await followers.execute(uri: "/v1/accounts/\(id)", method: .get) { try Fixture.answer(AccountView.self, $0) }
                let upstream: AccountView = try await client.get("v1/accounts/\(id)")
                #expect(own.verified == upstream.verified, "account \(id)")
            }
        }
    }

    /// How `client`'s node refused `tip` (status and error code), or nil if it took it.
    private static func refusal(of tip: Tip, by client: NodeClient) async -> (status: Int, code: String)? {
        do {
            let _: AcceptedView = try await client.post("v1/transactions", SubmittedTransaction(Transaction(tip)))
            return nil
        } catch {
            guard let failure = error as? NodeClient.Failure, case .refused(let status, let body) = failure else { return (0, "\(error)") }
            return (status, body.error.code)
        }
    }
}
