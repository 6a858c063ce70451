import Algebra
import APIContract
import APIServer
import Foundation
import Groth16
import Hummingbird
import HummingbirdTesting
import Node
import NodeTestSupport
import Primitives
import RollupTypes
import StorageTesting
import Storage
import Support
import Testing

/// Every endpoint and error path of the real application against a
/// temporary database, an SQLite file or a PostgreSQL database (no
/// provers: blocks are sealed by ticking the keeper).
struct APITests {
    typealias Fixture = APIFixture

    @Test(arguments: TestDatabase.available) func depositsNeedTheBridgeSignature(_ backend: TestDatabase) async throws {
        let node = try await Fixture.node(on: backend)
        try await node.application().test(.router) { client in
            let hash = try await client.execute(uri: "/v1/deposits", method: .post, body: Fixture.deposit(Fixture.alice, 5, sequence: 1, node: node)) { response in
                #expect(response.status == .accepted)
                let accepted = try Fixture.answer(AcceptedView.self, response)
                #expect(accepted.accountId == 1 && accepted.status == "pending")
                return accepted.hash
            }
            // The account a new-account deposit opens shows in its status too, not only in the 202.
            try await client.execute(uri: "/v1/transactions/\(hash)", method: .get) { response in
                let view = try Fixture.answer(TransactionView.self, response)
                guard let deposit = view.transaction.kind as? Deposit else { Issue.record("not a deposit: \(view)"); return }
                #expect(deposit.account == (try AccountID(1)) && view.hash == hash)
            }
            for (body, code) in [
                (Fixture.deposit(Fixture.alice, 5, sequence: 2, node: node, signed: false), "missing_bridge_signature"),
                (Fixture.deposit(Fixture.alice, 5, sequence: 2, node: node, signer: .generate()), "bad_bridge_signature"),
            ] {
                try await client.execute(uri: "/v1/deposits", method: .post, body: body) { response in
                    #expect(response.status == .unauthorized)
                    #expect(Fixture.errorCode(response) == code)
                }
            }
            try await client.execute(uri: "/v1/deposits", method: .post, body: Fixture.deposit(Fixture.alice, 5, sequence: 1, node: node)) { response in
                #expect(response.status == .conflict)
            }
            try await client.execute(uri: "/v1/deposits", method: .post, body: Fixture.json(["publicKey": "0x12", "amount": "5", "sequence": 3, "signature": "0x00"])) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/v1/deposits", method: .post, body: ByteBuffer(string: "{not json")) { response in
                #expect(response.status == .badRequest)
                #expect(Fixture.errorCode(response) == "bad_request")
            }
            try await client.execute(uri: "/v1/deposits", method: .post, body: ByteBuffer(repeating: 32, count: 70_000)) { response in
                #expect(response.status == .contentTooLarge)
                #expect(Fixture.errorCode(response) == "body_too_large")
            }
            #expect(await node.context.keeper.pendingCount == 1)
        }
    }

    /// One route for every kind: POST /v1/transactions takes a deposit in
    /// its JSON form (`"type": "deposit"`) under the same rules as
    /// /v1/deposits: the bridge's signature for this chain, once per sequence.
    @Test func theTransactionsRouteTakesEveryKindByItsType() async throws {
        let node = try await Fixture.node()
        let chain = node.context.domain.chainID
        let bridge = try #require(node.bridgeKey)
        let unsigned = Deposit(account: nil, publicKey: Fixture.bob.publicKey, amount: 7, bridgeSequence: 1)
        let refused = [
            (Fixture.body(SubmittedTransaction(.deposit(unsigned))), "missing_bridge_signature"),
            (Fixture.body(SubmittedTransaction(.deposit(unsigned.signed(by: .generate(), chain: chain)))), "bad_bridge_signature"),
        ]
        let signed = Fixture.body(SubmittedTransaction(.deposit(unsigned.signed(by: bridge, chain: chain))))
        try await node.application().test(.router) { client in
            for (body, code) in refused {
                try await client.execute(uri: "/v1/transactions", method: .post, body: body) { response in
                    #expect(response.status == .unauthorized && Fixture.errorCode(response) == code)
                }
            }
            #expect(await node.context.keeper.pendingCount == 0)
            try await client.execute(uri: "/v1/transactions", method: .post, body: signed) { response in
                #expect(response.status == .accepted)
                let accepted = try Fixture.answer(AcceptedView.self, response)
                #expect(accepted.accountId == 1)
            }
            // The alias spends the same sequences.
            try await client.execute(uri: "/v1/deposits", method: .post, body: Fixture.deposit(Fixture.alice, 5, sequence: 1, node: node)) { response in
                #expect(response.status == .conflict)
            }
            try await client.execute(uri: "/v1/transactions", method: .post, body: Fixture.json(["type": "swap", "amount": "1"])) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("must be one of"))
            }
            #expect(await node.context.keeper.pendingCount == 1)
        }
    }

    @Test(arguments: TestDatabase.available) func transfersAreCheckedBeforeAnythingIsQueued(_ backend: TestDatabase) async throws {
        let node = try await Fixture.node(on: backend)
        try await node.application().test(.router) { client in
            try await Fixture.funded(client, node)
            let good = Fixture.transfer(1, 2, 100, nonce: 0, key: Fixture.alice, node: node)
            var unsigned = Fixture.object(of: good)
            unsigned["signature"] = nil
            var notPackable = Fixture.object(of: good)
            notPackable["amount"] = "123456789012345678901"
            let cases: [([String: JSONValue], HTTPResponse.Status, String)] = [
                (Fixture.object(of: Fixture.transfer(1, 2, 100, nonce: 0, key: Fixture.bob, node: node)), .unprocessableContent, "bad_signature"),
                (unsigned, .unauthorized, "missing_signature"),
                (Fixture.object(of: Fixture.transfer(9, 2, 100, nonce: 0, key: Fixture.alice, node: node)), .notFound, "unknown_account"),
                (Fixture.object(of: Fixture.transfer(1, 2, 100, nonce: 1, key: Fixture.alice, node: node)), .unprocessableContent, "bad_nonce"),
                (Fixture.object(of: Fixture.transfer(1, 2, 1_000, nonce: 0, key: Fixture.alice, node: node)), .unprocessableContent, "insufficient_balance"),
                (Fixture.object(of: Fixture.transfer(1, 1, 100, nonce: 0, key: Fixture.alice, node: node)), .unprocessableContent, "self_transfer"),
                (notPackable, .unprocessableContent, "not_packable"),
                (["type": "swap", "amount": "1", "fee": "0", "nonce": 0], .badRequest, "bad_request"),
                (["type": "exit", "account": 1, "amount": "1", "fee": "0", "nonce": 0, "l1Address": "0x1234"], .badRequest, "bad_request"),
            ]
            for (body, status, code) in cases {
                try await client.execute(uri: "/v1/transactions", method: .post, body: Fixture.json(body)) { response in
                    #expect(response.status == status, "\(code)")
                    #expect(Fixture.errorCode(response) == code)
                }
            }
            #expect(await node.context.keeper.pendingCount == 0)

            var hash = ""
            try await client.execute(uri: "/v1/transactions", method: .post, body: Fixture.body(good)) { response in
                #expect(response.status == .accepted)
                hash = try Fixture.answer(AcceptedView.self, response).hash
            }
            try await client.execute(uri: "/v1/transactions", method: .post, body: Fixture.body(good)) { response in
                #expect(response.status == .conflict)
                #expect(Fixture.errorCode(response) == "duplicate")
            }
            try await client.execute(uri: "/v1/transactions/\(hash)", method: .get) { response in
                let view = try Fixture.answer(TransactionView.self, response)
                #expect(view.status == "pending" && view.transaction == good.transaction)
            }
            // The pending transfer counts: the next nonce is 1, and the pending balance 899.
            try await client.execute(uri: "/v1/accounts/1", method: .get) { response in
                let account = try Fixture.answer(AccountView.self, response)
                #expect(account.pending == AccountView.State(balance: "899", nonce: 1))
                #expect(account.committed?.balance == "1000")
                #expect(account.verified == nil)  // no verified state yet
            }
            let exit = Fixture.exit(1, 50, nonce: 1, address: [UInt8](repeating: 0xEE, count: 20), key: Fixture.alice, node: node)
            try await client.execute(uri: "/v1/transactions", method: .post, body: Fixture.body(exit)) { response in
                #expect(response.status == .accepted)
            }
            await Fixture.seal(node, now: .now + .seconds(3600))
            try await client.execute(uri: "/v1/transactions/\(hash)", method: .get) { response in
                let view = try Fixture.answer(TransactionView.self, response)
                // Alice's exit waits for her earlier transfer, which goes first, into block 2.
                #expect(view.status == "committed" && view.block == 2)
            }
            try await client.execute(uri: "/v1/transactions/0xabc", method: .get) { response in #expect(response.status == .notFound) }
        }
    }

    @Test(arguments: TestDatabase.available) func accountsBlocksAndPages(_ backend: TestDatabase) async throws {
        let node = try await Fixture.node(on: backend)
        try await node.application().test(.router) { client in
            try await Fixture.funded(client, node)
            for nonce in 0..<3 {
                try await client.execute(uri: "/v1/transactions", method: .post, body: Fixture.body(Fixture.transfer(1, 2, 10, nonce: UInt32(nonce), key: Fixture.alice, node: node)))
            }
            await Fixture.seal(node, now: .now + .seconds(3600))
            let packed = "0x" + Fixture.bob.publicKey.packed.hexString
            try await client.execute(uri: "/v1/accounts/by-key/\(packed)", method: .get) { response in
                let account = try Fixture.answer(AccountView.self, response)
                #expect(account.id == 2 && account.committed?.balance == "40")
            }
            try await client.execute(uri: "/v1/accounts/by-key/0x" + EdDSAPrivateKey.generate().publicKey.packed.hexString, method: .get) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/v1/accounts/by-key/0x12", method: .get) { response in #expect(response.status == .badRequest) }
            try await client.execute(uri: "/v1/accounts/9", method: .get) { response in #expect(response.status == .notFound) }
            try await client.execute(uri: "/v1/accounts/x", method: .get) { response in #expect(response.status == .badRequest) }
            var next: Int?
            try await client.execute(uri: "/v1/accounts/2/transactions?limit=2", method: .get) { response in
                let page = try Fixture.answer(TransactionPage.self, response)
                #expect(page.transactions.count == 2)
                next = page.next.map { Int($0) }
            }
            try await client.execute(uri: "/v1/accounts/2/transactions?limit=2&before=\(try #require(next))", method: .get) { response in
                let page = try Fixture.answer(TransactionPage.self, response)
                #expect(page.transactions.map { $0.transaction.blockType } == [.transfer, .deposit])
            }
            try await client.execute(uri: "/v1/accounts/2/transactions?limit=500", method: .get) { response in #expect(response.status == .badRequest) }

            try await client.execute(uri: "/v1/blocks?from=1&limit=10", method: .get) { response in
                let blocks = try Fixture.answer(BlockPage.self, response).blocks
                #expect(blocks.map(\.number) == [1, 2, 3])
                #expect(blocks.map(\.type) == ["deposit", "transfer", "transfer"])
                #expect(blocks.map(\.status) == ["committed", "committed", "committed"])
            }
            try await client.execute(uri: "/v1/blocks/2", method: .get) { response in
                let block = try Fixture.answer(BlockView.self, response)
                #expect(block.transactions.count == 2)
                #expect(block.pubdata.count == 2 + 2 * 28)
                #expect(block.status == "committed" && block.proof == nil)
            }
            try await client.execute(uri: "/v1/blocks/9", method: .get) { response in #expect(response.status == .notFound) }
            try await client.execute(uri: "/v1/blocks/2/proof", method: .get) { response in #expect(response.status == .notFound) }
            try await client.execute(uri: "/v1/status", method: .get) { response in
                let status = try Fixture.answer(StatusView.self, response)
                #expect(status.lastCommittedBlock == 3 && status.proofQueueDepth == 3 && status.pendingTransactions == 0)
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains("rollup_last_committed_block 3.0"))
                #expect(text.contains("rollup_transactions_total{outcome=\"accepted\"} 5"))
                #expect(text.contains("rollup_acceptance_seconds_count 5"))
                let sealing = text.split(separator: "\n").first { $0.hasPrefix("rollup_block_sealing_seconds_count ") }
                #expect((sealing?.split(separator: " ").last).flatMap { Int($0) } ?? 0 >= 1, "\(text)")
                #expect(!text.contains("block=\""), "no series is labelled by block")
            }
        }
    }

    /// An exit proof holds against the verified state (here the genesis
    /// state: no block is proved), and a changed balance or sibling does not.
    @Test(arguments: TestDatabase.available) func exitProofsHoldAndTamperedOnesDoNot(_ backend: TestDatabase) async throws {
        let node = try await Fixture.node(on: backend)
        let proof = try await node.application().test(.router) { client -> ExitProofView in
            try await Fixture.funded(client, node)
            let proof = try await client.execute(uri: "/v1/accounts/0/exit-proof", method: .get) { response in
                try Fixture.answer(ExitProofView.self, response)
            }
            try proof.check()
            let genesis = try AccountTree(depth: 4, accounts: [(.feeAccount, Account(publicKey: await node.context.keeper.configuration.operatorKey))])
            #expect(proof.block == 0 && proof.root == genesis.root.decimalString && proof.balance == "0")
            #expect(proof.siblings.count == 3 * 2)
            var richer = proof
            richer.balance = "1000"
            #expect(throws: ExitProofView.Failure.self) { try richer.check() }
            var moved = proof
            moved.siblings[4] = "12345"
            #expect(throws: ExitProofView.Failure.self) { try moved.check() }
            // Alice's deposit is committed, not verified: no exit proof yet.
            try await client.execute(uri: "/v1/accounts/1/exit-proof", method: .get) { response in #expect(response.status == .notFound) }
            return proof
        }
        // Restarted with a committed block that is not verified, the node
        // builds the verified tree from storage, and gives the same proof.
        let restarted = try await RollupNode.open(node.configuration)
        try await restarted.application().test(.router) { client in
            try await client.execute(uri: "/v1/accounts/0/exit-proof", method: .get) { response in
                let again = try Fixture.answer(ExitProofView.self, response)
                #expect(again == proof)
            }
        }
    }

    @Test func circuitsAndTheOpenAPIDocument() async throws {
        let node = try await Fixture.node()
        try await node.application().test(.router) { client in
            for name in ["transfer", "deposit", "exit"] {
                try await client.execute(uri: "/v1/circuits/\(name)/verification-key", method: .get) { response in
                    let key = try SnarkJSFormat.decodeVerifyingKey(Data(response.body.readableBytesView))
                    #expect(key.ic.count == 5)  // the constant one, then old root, new root, commitment, chain id
                }
                try await client.execute(uri: "/v1/circuits/\(name)/verifier.sol", method: .get) { response in
                    #expect(String(buffer: response.body).contains("contract Groth16Verifier"))
                }
            }
            try await client.execute(uri: "/v1/circuits/swap/verification-key", method: .get) { response in #expect(response.status == .notFound) }
            try await client.execute(uri: "/openapi.json", method: .get) { response in
                let committed = try Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/openapi.json"))
                #expect(Data(response.body.readableBytesView) == committed, "the served document is not docs/openapi.json")
            }
        }
    }

    @Test(arguments: TestDatabase.available) func tooManyPendingIsRefusedWith429(_ backend: TestDatabase) async throws {
        let node = try await Fixture.node(maxPending: 1, on: backend)
        try await node.application().test(.router) { client in
            try await client.execute(uri: "/v1/deposits", method: .post, body: Fixture.deposit(Fixture.alice, 5, sequence: 1, node: node))
            try await client.execute(uri: "/v1/deposits", method: .post, body: Fixture.deposit(Fixture.bob, 5, sequence: 2, node: node)) { response in
                #expect(response.status == .tooManyRequests)
                #expect(Fixture.errorCode(response) == "too_many_pending")
            }
        }
    }
}
