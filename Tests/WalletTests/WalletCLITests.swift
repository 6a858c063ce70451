import Algebra
import APIContract
import APIServer
import ChildProcess
import Foundation
import Hummingbird
import HummingbirdTesting
import NodeTestSupport
import Support
import TestSupport
import Testing

/// `rollup wallet` as a user runs it, against a live node over HTTP.
struct WalletCLITests {
    typealias Fixture = APIFixture


    /// Runs the rollup binary in `directory` with `passphrase` in the environment.
    static func wallet(_ arguments: [String], in directory: String, passphrase: String = "secret") throws -> ChildProcess.Result {
        let rollup = RollupBinary.path
        return try ChildProcess.run(rollup, ["wallet"] + arguments, directory: directory, environment: ["ROLLUP_PASSPHRASE": passphrase, "PATH": "/usr/bin:/bin"])
    }

    /// A kind's command reads its declared flags and refuses anything else
    /// before it opens the keystore or asks a node (none listens here).
    @Test func kindCommandsCheckTheirFlagsFirst() throws {
        let directory = try ScratchDirectory.make("rollup-wallet-flags").path
        let node = ["--keystore", "absent.json", "--node", "http://127.0.0.1:9"]
        for (arguments, says) in [
            (["transfer", "--to", "2"], "--amount is required"),
            (["transfer", "--to", "2", "--amount", "5", "--color", "red"], "rollup wallet transfer has no --color; its fields are --to, --amount"),
            (["transfer", "--to", "two", "--amount", "5"], "--to must be an integer"),
            (["transfer", "--to", "+2", "--amount", "5"], "--to must be an integer"),
            (["transfer", "--to", "02", "--amount", "5"], "--to must be an integer"),
            (["transfer", "--to", "2", "--amount", "05"], "--amount: amount must be a decimal integer"),
            (["exit", "--amount", "5", "--to-l1", "0x12"], "--to-l1: l1Address must be 20 bytes"),
            (["exit", "--amount", "5", "--amount=6", "--to-l1", "0x12"], "--amount is given twice"),
            (["exit", "--amount", "5", "--to-l1"], "--to-l1 needs a value"),
        ] {
            let result = try Self.wallet(arguments + node, in: directory)
            #expect(result.status != 0 && result.output.contains(says), "\(arguments): \(result.output)")
        }
        #expect(try Self.wallet(["transfer", "--help"], in: directory).output.contains("--to: The recipient's account id."))
    }

    @Test func newDepositTransferAccountAndTx() async throws {
        let node = try await Fixture.node(admission: Fixture.flatFee(minimums: [.transfer: 1]))
        let bridgeKey = URL(fileURLWithPath: node.configuration.dataDirectory).appendingPathComponent("bridge.key").path
        let directory = try ScratchDirectory.make("rollup-wallet").path
        try await node.application().test(.live) { client in
            let url = "http://127.0.0.1:\(client.port ?? 0)"
            let alice = try Self.wallet(["new", "--keystore", "alice.json", "--json"], in: directory)
            #expect(alice.status == 0, "\(alice.output)")
            #expect((alice.json["address"] as? String)?.count == 66)
            #expect(try Self.wallet(["address", "--keystore", "alice.json"], in: directory).output.hasPrefix(alice.json["address"] as? String ?? "?"))
            #expect(try Self.wallet(["new", "--keystore", "alice.json"], in: directory).status != 0)  // no overwrite without --force
            _ = try Self.wallet(["new", "--keystore", "bob.json"], in: directory)

            for (keystore, amount, id) in [("alice.json", "1000", 1), ("bob.json", "50", 2)] {
                let deposit = try Self.wallet(["deposit", "--keystore", keystore, "--amount", amount, "--bridge-key", bridgeKey, "--node", url, "--json"], in: directory)
                #expect(deposit.json["accountId"] as? Int == id, "\(deposit.output)")
            }
            await APIFixture.seal(node)

            let refused = try Self.wallet(["transfer", "--keystore", "alice.json", "--to", "2", "--amount", "300", "--node", url], in: directory, passphrase: "wrong")
            #expect(refused.status != 0 && refused.output.contains("passphrase"), "\(refused.output)")
            let unpackable = try Self.wallet(["transfer", "--keystore", "alice.json", "--to", "2", "--amount", "123456789012345678901", "--node", url], in: directory)
            #expect(unpackable.status != 0 && unpackable.output.contains("closest packable"), "\(unpackable.output)")

            let transfer = try Self.wallet(["transfer", "--keystore", "alice.json", "--to", "2", "--amount", "300", "--node", url, "--json"], in: directory)
            let hash = try transfer.decoded(AcceptedView.self).hash
            #expect(try Self.wallet(["tx", hash, "--node", url, "--json"], in: directory).decoded(TransactionView.self).status == "pending")
            await APIFixture.seal(node, now: .now + .seconds(3600))

            let bob = try Self.wallet(["account", "--keystore", "bob.json", "--node", url, "--json"], in: directory)
            #expect(try bob.decoded(AccountView.self).committed?.balance == "350", "\(bob.output)")
            let aliceAccount = try Self.wallet(["account", "1", "--node", url], in: directory)
            #expect(aliceAccount.output.contains("committed: balance 699, nonce 1"), "\(aliceAccount.output)")  // the node's fee (GET /v1/fees) is 1
            // No prover runs here, so `wait` sees the transfer committed and gives up with exit 2.
            let wait = try Self.wallet(["wait", hash, "--node", url, "--timeout", "1"], in: directory)
            #expect(wait.status == 2 && wait.output.contains("committed in block"), "\(wait.output)")
            #expect(try Self.wallet(["tx", "0x" + String(repeating: "0", count: 64), "--node", url], in: directory).output.contains("404"))
            // Not a hash: refused before the node is asked (the path would have been ../../v1/status).
            let path = try Self.wallet(["tx", "../../v1/status", "--node", url], in: directory)
            #expect(path.status != 0 && path.output.contains("0x and 64 hex digits"), "\(path.output)")
            // The fee account's exit proof under the genesis root holds; Alice's deposit is not verified yet.
            let feeProof = try Self.wallet(["exit-proof", "0", "--node", url], in: directory)
            #expect(feeProof.status == 0 && feeProof.output.contains("the proof holds"), "\(feeProof.output)")
            #expect(try Self.wallet(["exit-proof", "1", "--node", url], in: directory).status != 0)
        }
    }
}

extension WalletCLITests {
    /// What a node, or a man in the middle, tells the wallet is checked:
    /// each exit-proof tampering is refused naming the check, an inflated
    /// suggested fee is refused before anything is signed, and a node of
    /// another chain is refused once the wallet pinned its own.
    @Test func theWalletTrustsNothingItIsTold() async throws {
        let upstream = try await FollowerUpstream.shared.value
        let proxy = try await TamperingProxy.start(upstream: upstream.url)
        let directory = try ScratchDirectory.make("rollup-wallet-trust").path
        _ = try Self.wallet(["new", "--keystore", "carol.json"], in: directory)
        let honest = try Self.wallet(["exit-proof", "1", "--keystore", "carol.json", "--node", proxy.url], in: directory)
        #expect(honest.status == 0 && honest.output.contains("the proof holds"), "\(honest.output)")
        #expect(FileManager.default.fileExists(atPath: directory + "/carol.chain.json"))
        let cases: [(TamperingProxy.Alteration, String)] = [
            (.exitProofRoot, "the Merkle path check fails"), (.blockNewRoot, "the root check fails"),
            (.blockPubdata, "the commitment check fails"), (.blockPubdataWithCommitment, "the proof check fails"),
            (.blockProof, "the proof check fails"),
        ]
        for (alteration, check) in cases {
            proxy.alteration = alteration
            let refused = try Self.wallet(["exit-proof", "1", "--keystore", "carol.json", "--node", proxy.url], in: directory)
            #expect(refused.status != 0 && refused.output.contains(check), "\(alteration): \(refused.output)")
        }

        // An inflated suggested fee is not signed.
        proxy.alteration = .none
        let bridgeKey = URL(fileURLWithPath: upstream.node.configuration.dataDirectory).appendingPathComponent("bridge.key").path
        let deposit = try Self.wallet(["deposit", "--keystore", "carol.json", "--amount", "5000", "--bridge-key", bridgeKey, "--node", upstream.url], in: directory)
        #expect(deposit.status == 0, "\(deposit.output)")
        try await FollowerUpstream.waitUntil(upstream.client) { $0.pendingTransactions == 0 }
        proxy.alteration = .suggestedFee("1000000")
        let inflated = try Self.wallet(["transfer", "--keystore", "carol.json", "--to", "1", "--amount", "10", "--node", proxy.url], in: directory)
        #expect(inflated.status != 0 && inflated.output.contains("suggests a fee of 1000000, above --max-fee 1000"), "\(inflated.output)")
        proxy.alteration = .none

        // A node of another chain is refused by the pinned wallet.
        let other = try await APIFixture.node()
        try await other.application().test(.live) { client in
            let otherURL = "http://127.0.0.1:\(client.port ?? 0)"
            let refused = try Self.wallet(["exit-proof", "0", "--keystore", "carol.json", "--node", otherURL], in: directory)
            #expect(refused.status != 0 && refused.output.contains("refusing the node") && refused.output.contains("pinned to chain"), "\(refused.output)")
        }
    }
}

extension ChildProcess.Result {
    /// The output as a JSON object (`--json`), empty when it is not one.
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(output.utf8))) as? [String: Any] ?? [:] }

    /// The output (`--json`, one object) as the API contract's type, or the
    /// decoding error with the output.
    func decoded<Answer: Decodable>(_ type: Answer.Type) throws -> Answer {
        do { return try JSONDecoder().decode(Answer.self, from: Data(output.utf8)) } catch {
            throw ChildProcessOutputError(description: "not a \(Answer.self): \(error)\n\(output)")
        }
    }
}

/// A `--json` output that is not the type expected.
struct ChildProcessOutputError: Error, CustomStringConvertible {
    let description: String
}

/// `rollup wallet wait` where the server has no subscriptions: a plain HTTP
/// proxy in front of the node answers GET /v1/ws without an upgrade, and
/// the wallet finds the transfer committed by polling.
struct WalletWaitFallbackTests {
    typealias Fixture = APIFixture

    @Test func waitPollsWhereTheServerHasNoSubscriptions() async throws {
        let node = try await Fixture.node()
        let directory = try ScratchDirectory.make("rollup-wallet-wait").path
        try await node.application().test(.live) { client in
            try await APIFixture.funded(client, node)
            let transfer = Fixture.transfer(1, 2, 10, nonce: 0, key: Fixture.alice, node: node)
            try await client.execute(uri: "/v1/transactions", method: .post, body: Fixture.body(transfer)) { #expect($0.status == .accepted) }
            let proxy = try await TamperingProxy.start(upstream: "http://127.0.0.1:\(try #require(client.port))")
            let hash = transfer.transaction.hash
            // On a thread of its own: waiting for the child process must not hold a thread the proxy and the node need.
            let waiting = Task {
                try await DedicatedThread.run(name: "wallet-wait", priority: .normal) {
                    try WalletCLITests.wallet(["wait", hash, "--node", proxy.url, "--timeout", "20"], in: directory)
                }
            }
            // Sealed once the wallet has polled the transaction while pending (bounded: a stuck wallet fails below).
            _ = try await Poll.until(timeout: .seconds(60)) { proxy.answeredPaths.contains("/v1/transactions/\(hash)") }
            await APIFixture.seal(node, now: .now + .seconds(3600))
            let wait = try await waiting.value
            // Pending at first, then committed, which only polling could have seen through the proxy; no prover: exit 2.
            #expect(wait.status == 2 && wait.output.contains("pending") && wait.output.contains("committed in block"), "\(wait.output)")
        }
    }
}
