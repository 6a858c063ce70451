import APIContract
import APIServer
import Algebra
import ChildProcess
import Follower
import Foundation
import Hummingbird
import HummingbirdTesting
import Node
import NodeTestSupport
import RollupTypes
import Support
import TestSupport
import Testing

/// `rollup follow` and `rollup restore` against a live node over HTTP: the
/// follower rebuilds the same verified state from the published blocks and
/// the pinned keys, keeps following, refuses every altered answer naming
/// the block, and a restored chain is continued by a new operator.
@Suite(.serialized)
struct FollowerTests {
    typealias Fixture = APIFixture

    @Test func aFollowerRebuildsTheVerifiedStateServesItAndKeepsFollowing() async throws {
        let upstream = try await FollowerUpstream.shared.value
        let data = ScratchDirectory.path("follower").path
        let metrics = NodeMetrics()
        let follower = try await Follower.open(upstream: upstream.url, dataDirectory: data, metrics: metrics.factory, allowDevelopmentKeys: true, keys: FollowerUpstream.pinned(upstream, data: data))
        let reached = try await follower.catchUp()
        let status: StatusView = try await upstream.client.get("v1/status")
        #expect(reached >= 4 && reached <= status.lastVerifiedBlock)

        // The same accounts, roots and exit proofs as the operator's verified state.
        let app = FollowerNode(follower: follower, port: 0, metrics: metrics).application()
        try await app.test(.router) { client in
            for id in 0...2 {
                let operators: AccountView = try await upstream.client.get("v1/accounts/\(id)")
                let followers = try await client.execute(uri: "/v1/accounts/\(id)", method: .get) { try Fixture.answer(AccountView.self, $0) }
                #expect(followers.publicKey == operators.publicKey && followers.verified == operators.verified, "account \(id)")
                let proof = try await client.execute(uri: "/v1/accounts/\(id)/exit-proof", method: .get) { try Fixture.answer(ExitProofView.self, $0) }
                try proof.check()
                let block: BlockView = try await upstream.client.get("v1/blocks/\(proof.block)")
                #expect(proof.root == block.newRoot)
            }
            let page = try await client.execute(uri: "/v1/blocks?limit=100", method: .get) { try Fixture.answer(BlockPage.self, $0) }
            #expect(page.blocks.count == Int(reached))
            for (own, published) in zip(page.blocks, upstream.blocks) {
                #expect(own.status == "verified" && own.newRoot == published.newRoot && own.pubdata == published.pubdata && own.proof == published.proof)
            }
            let scraped = try await client.execute(uri: "/metrics", method: .get) { String(buffer: $0.body) }
            #expect(scraped.contains("rollup_followed_blocks_total \(reached)\n") && scraped.contains("rollup_last_verified_block \(reached)"), "\(scraped)")
            let served = try await client.execute(uri: "/v1/status", method: .get) { try Fixture.answer(StatusView.self, $0) }
            #expect(served.lastVerifiedBlock == reached && served.following?.upstream.hasPrefix(upstream.url) == true && served.following?.refusal == nil)
            try await client.execute(uri: "/v1/transactions", method: .post, body: Fixture.body(Fixture.transfer(1, 2, 1, nonce: 9, key: Fixture.alice, node: upstream.node))) { response in
                #expect(response.status == .serviceUnavailable && Fixture.errorCode(response) == "unavailable")
            }
            // Every answer of the follower is one docs/openapi.json lists for its operation.
            let operations = try DocumentedOperation.all()
            let cases: [(HTTPRequest.Method, String, Int)] = [
                (.get, "/v1/accounts/9", 404), (.get, "/v1/accounts/01", 400), (.get, "/v1/accounts/by-key/0x12", 400),
                (.get, "/v1/accounts/by-key/0x" + Fixture.alice.publicKey.packed.hexString, 200), (.get, "/v1/accounts/9/exit-proof", 404),
                (.get, "/v1/blocks/1", 200), (.get, "/v1/blocks/999", 404), (.get, "/v1/blocks/1/proof", 200), (.get, "/v1/blocks?limit=0", 400),
                (.get, "/v1/circuits/exit/verification-key", 200), (.get, "/v1/circuits/swap/verifier.sol", 404), (.get, "/v1/chain", 200),
                (.get, "/v1/circuits/transfer/proving-key", 404),
                (.post, "/v1/deposits", 503), (.get, "/openapi.json", 200), (.get, "/metrics", 200),
            ]
            for (method, path, expected) in cases {
                let operation = try #require(operations.filter { $0.matches(method.rawValue, path) }.max { $0.specificity < $1.specificity }, "\(path)")
                try await client.execute(uri: path, method: method, body: ByteBuffer(string: "{}")) { response in
                    #expect(Int(response.status.code) == expected && operation.statuses.contains(expected), "\(method) \(path): \(response.status)")
                }
            }
        }

        // It keeps following: a new block on the upstream reaches it.
        let following = Task { await follower.follow(interval: .milliseconds(100)) { _ in } }
        defer { following.cancel() }
        let alice: AccountView = try await upstream.client.get("v1/accounts/1")
        let accepted: AcceptedView = try await upstream.client.post(
            "v1/transactions", Fixture.transfer(1, 2, 5, fee: 1, nonce: alice.pending.nonce, key: Fixture.alice, node: upstream.node))
        let included = try await Poll.value(every: .milliseconds(100)) { () async throws -> UInt32? in
            let transaction: TransactionView = try await upstream.client.get("v1/transactions/\(accepted.hash)")
            guard transaction.status == "verified", let block = transaction.block, try follower.tree.head().block >= block else { return nil }
            return block
        }
        let block = try #require(included, "the follower did not take the new block within 2 minutes")
        #expect(try follower.tree.account(try AccountID(1))?.nonce == alice.pending.nonce + 1)
        // Following, it serves the upstream's fees as the upstream stated them, marked as such.
        let upstreamFees: FeesView = try await upstream.client.get("v1/fees")
        try await FollowerNode(follower: follower, port: 0).application().test(.router) { client in
            let served = try await client.execute(uri: "/v1/fees", method: .get) { try Fixture.answer(FeesView.self, $0) }
            // (The expected seconds count down between the two reads; the amounts and caps do not.)
            #expect(served.source == "upstream" && served.maxBacklogBlocks == upstreamFees.maxBacklogBlocks)
            #expect(served.fees.mapValues { [$0.minimum, $0.baseFee, $0.suggestedFee] } == upstreamFees.fees.mapValues { [$0.minimum, $0.baseFee, $0.suggestedFee] })
            let status = try await client.execute(uri: "/v1/status", method: .get) { try Fixture.answer(StatusView.self, $0) }
            #expect(status.suggestedFee == upstreamFees.fees["transfer"]?.suggestedFee)
        }
        following.cancel()

        // Restarted, it resumes where it stopped, from its own database.
        let restarted = try await Follower.open(upstream: upstream.url, dataDirectory: data, allowDevelopmentKeys: true, keys: FollowerUpstream.pinned(upstream, data: data))
        #expect(try restarted.tree.head().block >= block)
        #expect(try restarted.tree.head().root == (try follower.tree.head().root))

        // Without its upstream it still starts and serves what it verified; catching up says why it cannot.
        let offline = try await Follower.open(upstream: "http://127.0.0.1:1", dataDirectory: data, allowDevelopmentKeys: true, keys: FollowerUpstream.pinned(upstream, data: data))
        #expect(try offline.tree.head().block >= block)
        await #expect(throws: FollowerError.self) { try await offline.catchUp() }
        // Following it, the status says why it cannot go on.
        let loop = Task { await offline.follow(interval: .milliseconds(50)) { _ in } }
        defer { loop.cancel() }
        let problem = try await Poll.value(timeout: .seconds(10)) { try FollowerNode(follower: offline, port: 0).status().following?.problem }
        #expect(problem?.contains("cannot reach the node at http://127.0.0.1:1") == true, "\(problem ?? "none")")
        // It has no fees from that upstream to serve: 503, as docs/openapi.json lists.
        let feesOperation = try #require(try DocumentedOperation.all().first { $0.template == "/v1/fees" })
        try await FollowerNode(follower: offline, port: 0).application().test(.router) { client in
            try await client.execute(uri: "/v1/fees", method: .get) { response in
                #expect(response.status == .serviceUnavailable && Fixture.errorCode(response) == "unavailable" && feesOperation.statuses.contains(503))
            }
        }
    }

    @Test func aFollowerRefusesEachAlteredAnswerNamingTheBlock() async throws {
        let upstream = try await FollowerUpstream.shared.value
        let proxy = try await TamperingProxy.start(upstream: upstream.url)
        let transfers = try #require(upstream.blocks.first { $0.type == "transfer" }?.number)
        let deposits = try #require(upstream.blocks.first { $0.type == "deposit" }?.number)
        typealias Reason = FollowRefusal.Reason
        let cases: [(TamperingProxy.Alteration, UInt32, (Reason) -> Bool)] = [
            (.pubdataByte(transfers), transfers, { if case .commitment = $0 { true } else { false } }),
            (.pubdataWithCommitment(transfers), transfers, { $0 == .proofInvalid }),
            (.totalFeeWithCommitment(transfers), transfers, { if case .totalFee = $0 { true } else { false } }),
            (.oldRoot(transfers), transfers, { if case .oldRootDoesNotFollow = $0 { true } else { false } }),
            (.newRoot(transfers), transfers, { $0 == .proofInvalid }),
            (.proof(transfers), transfers, { $0 == .proofInvalid }),
            (.drop(transfers), transfers, { $0 == .outOfOrder(got: transfers + 1) }),
            (.swap(transfers), transfers, { $0 == .outOfOrder(got: transfers + 1) }),
            // The bridge's signature of a deposit, which no proof covers: refused naming the slot.
            (.depositSignature(deposits), deposits, { if case .slot(0, let detail) = $0 { detail.contains("bridge's signature") } else { false } }),
        ]
        for (alteration, refused, expected) in cases {
            proxy.alteration = alteration
            let data = ScratchDirectory.path("follower-refusing").path
            let follower = try await Follower.open(upstream: proxy.url, dataDirectory: data, allowDevelopmentKeys: true, keys: FollowerUpstream.pinned(upstream, data: data))
            do {
                try await follower.catchUp()
                Issue.record("\(alteration): the follower took the altered blocks")
            } catch let refusal as FollowRefusal {
                #expect(refusal.block == refused && expected(refusal.reason), "\(alteration): \(refusal)")
            }
            // It keeps what it verified before the bad block and serves nothing after it.
            #expect(try follower.tree.head().block == refused - 1, "\(alteration)")
            #expect(try follower.store.lastCommittedBlock()?.number ?? 0 == refused - 1, "\(alteration)")
            let status = try FollowerNode(follower: follower, port: 0).status()
            #expect(status.following?.refusedBlock == refused && status.lastVerifiedBlock == refused - 1, "\(alteration)")
            // Once the upstream answers honestly, it goes on from there.
            proxy.alteration = .none
            #expect(try await follower.catchUp() >= 4, "\(alteration)")
            #expect(try FollowerNode(follower: follower, port: 0).status().following?.refusal == nil)
        }

        // A chain whose shape does not match the pinned keys is refused before any block.
        proxy.alteration = .transferBlockSize
        let data = ScratchDirectory.path("follower-other-shape").path
        do {
            _ = try await Follower.open(upstream: proxy.url, dataDirectory: data, allowDevelopmentKeys: true, keys: FollowerUpstream.pinned(upstream, data: data))
            Issue.record("the follower accepted a chain of another shape")
        } catch FollowerError.keyMismatch(let type, let circuit, _, _) {
            #expect(type == .transfer && circuit.hasSuffix("-c3"), "\(circuit)")
        }
        // A chain id that its genesis, shape, keys and salt do not derive is refused.
        proxy.alteration = .chainID
        let otherData = ScratchDirectory.path("follower-other-id").path
        do {
            _ = try await Follower.open(upstream: proxy.url, dataDirectory: otherData, allowDevelopmentKeys: true, keys: FollowerUpstream.pinned(upstream, data: otherData))
            Issue.record("the follower accepted a chain id that does not follow from the chain")
        } catch FollowerError.invalidChain(let detail) {
            #expect(detail.contains("chainId"), "\(detail)")
        }
    }

    /// Issue 30: an upstream that answers the block pages with 1 GiB, or
    /// with a gzip bomb (1 GiB of whitespace in about 1 MiB). The
    /// `rollup follow` process reads at most 8 MiB of an answer and
    /// decompresses nothing: its peak memory stays within 64 MiB of what
    /// it used before (docs/PROTOCOL.md, "What a follower reads"), it says
    /// why in /v1/status, keeps serving its verified state, and goes on
    /// once the upstream answers well.
    @Test func aHostileUpstreamCostsTheFollowerBoundedMemory() async throws {
        let upstream = try await FollowerUpstream.shared.value
        let proxy = try await TamperingProxy.start(upstream: upstream.url)
        let bomb = try TamperingProxy.gzipBomb()
        #expect(bomb.count < 8 << 20)
        let directory = try ScratchDirectory.make("hostile-upstream").path
        let port = try FreePort.next()
        let process = try RollupBinary.start([
            "follow", "--from", proxy.url, "--data", directory + "/data", "--vk", upstream.pinnedKeys, "--port", String(port), "--interval", "100",
            "--allow-development-keys",
        ], logName: "follow")
        defer { process.stop() }
        let follower = try NodeClient("http://127.0.0.1:\(port)")
        func status(until condition: @escaping (StatusView) -> Bool) async throws -> StatusView {
            let status = try await Poll.value(every: .milliseconds(50)) { () async -> StatusView? in
                guard let status: StatusView = try? await follower.get("v1/status"), condition(status) else { return nil }
                return status
            }
            return try requireValue(status, "the follower's status within 2 minutes; its log: \(process.output)")
        }
        func peakMemory() throws -> Int {
            let status = try String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)
            let line = try requireValue(status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }, "a VmHWM line")
            return try requireValue(Int(line.split(separator: " ").dropFirst().first ?? ""), "a number in \(line)") * 1024
        }

        let reached = try await status { $0.lastVerifiedBlock >= 4 && $0.following?.problem == nil }.lastVerifiedBlock
        let before = try peakMemory()
        proxy.alteration = .gibibyteBlockPage
        let huge = try await status { $0.following?.problem?.contains("larger than 8388608 bytes") == true }
        #expect(huge.lastVerifiedBlock == reached)
        proxy.alteration = .gzippedBlockPage(bomb)
        let compressed = try await status { $0.following?.problem?.contains("content-encoded (gzip)") == true }
        #expect(compressed.lastVerifiedBlock == reached)
        let peak = try peakMemory()
        #expect(peak - before < 64 << 20, "the follower's peak memory grew from \(before >> 20) MiB to \(peak >> 20) MiB")

        // It still serves what it verified, and goes on once the upstream answers well.
        let alice: AccountView = try await follower.get("v1/accounts/1")
        let operators: AccountView = try await upstream.client.get("v1/accounts/1")
        #expect(alice.verified == operators.verified)
        proxy.alteration = .none
        _ = try await status { $0.following?.problem == nil }
    }

    /// `rollup restore` and `rollup follow` as a user runs them: bad input gets a clear error and a non-zero exit.
    @Test func theCommandsRestoreAndRefuseBadInputClearly() async throws {
        let upstream = try await FollowerUpstream.shared.value
        let rollup = RollupBinary.path
        let directory = try ScratchDirectory.make("rollup-restore-cli").path
        func run(_ arguments: [String]) throws -> ChildProcess.Result { try ChildProcess.run(rollup, arguments, directory: directory) }

        let bridge = String(upstream.node.context.chain.bridgePublicKey.dropFirst(2))
        // The bridge's key is in no proof: a restore never takes it from the upstream.
        let noBridge = try run(["restore", "--from", upstream.url, "--data", "no-bridge", "--vk", upstream.pinnedKeys])
        #expect(noBridge.status != 0 && noBridge.output.contains("no-bridge/bridge.pub is missing") && noBridge.output.contains("--bridge-pub"), "\(noBridge.output)")
        let withoutKeys = try run(["restore", "--from", upstream.url, "--data", "restored", "--bridge-pub", bridge])
        #expect(withoutKeys.status != 0 && withoutKeys.output.contains("restored/keys holds no transfer proving key: neither transfer.key nor transfer.zkey"), "\(withoutKeys.output)")
        let restored = try run(["restore", "--from", upstream.url, "--data", "restored", "--vk", upstream.pinnedKeys, "--bridge-pub", bridge])
        #expect(restored.status == 0 && restored.output.contains("account(s), root "), "\(restored.output)")
        let written = try String(contentsOfFile: directory + "/restored/bridge.pub", encoding: .utf8)
        #expect("0x" + written.trimmingCharacters(in: .whitespacesAndNewlines) == upstream.node.context.chain.bridgePublicKey)
        // A bridge.pub the new operator keeps must be the chain's: the bridge's key is in no proof.
        try FileManager.default.createDirectory(atPath: directory + "/other-bridge", withIntermediateDirectories: true)
        try (String(repeating: "ab", count: 32) + "\n").write(toFile: directory + "/other-bridge/bridge.pub", atomically: true, encoding: .utf8)
        let otherBridge = try run(["restore", "--from", upstream.url, "--data", "other-bridge", "--vk", upstream.pinnedKeys])
        #expect(otherBridge.status != 0 && otherBridge.output.contains("the bridge key is abab") && otherBridge.output.contains("but the upstream says"),
                "\(otherBridge.output)")
        let wrongPin = try run(["restore", "--from", upstream.url, "--data", "wrong-pin", "--vk", upstream.pinnedKeys, "--bridge-pub", String(repeating: "cd", count: 32)])
        #expect(wrongPin.status != 0 && wrongPin.output.contains("but the upstream says"), "\(wrongPin.output)")
        #expect(!FileManager.default.fileExists(atPath: directory + "/wrong-pin/rollup.sqlite"))
        let unreachable = try run(["follow", "--from", "http://127.0.0.1:1", "--data", "followed", "--vk", upstream.pinnedKeys])
        #expect(unreachable.status != 0 && unreachable.output.contains("cannot reach the node at http://127.0.0.1:1"), "\(unreachable.output)")
        let notAURL = try run(["follow", "--from", "operator.example", "--data", "followed", "--vk", upstream.pinnedKeys])
        #expect(notAURL.status != 0 && notAURL.output.contains("http(s) URL"), "\(notAURL.output)")
        // The upstream proves with development keys: refused unless the follower is told to follow such a chain.
        let development = try run(["follow", "--from", upstream.url, "--data", "followed-dev", "--vk", upstream.pinnedKeys, "--port", "0"])
        #expect(development.status != 0 && development.output.contains("proves transfer, deposit, exit blocks with development keys")
                && development.output.contains("--allow-development-keys"), "\(development.output)")
        let noKeys = try run(["follow", "--from", upstream.url, "--data", "followed", "--vk", "missing", "--allow-development-keys"])
        #expect(noKeys.status != 0 && noKeys.output.contains("missing/transfer.json"), "\(noKeys.output)")
    }

    @Test func aRestoredChainIsContinuedByANewOperator() async throws {
        let upstream = try await FollowerUpstream.shared.value
        var configuration = Fixture.configuration(provers: 2)
        try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: try await Fixture.sharedKeys.value, toPath: configuration.keysDirectory)
        let report = try await ChainRestore.run(
            upstream: upstream.url, dataDirectory: configuration.dataDirectory, pinnedKeys: nil, bridgeKey: upstream.node.bridgeKey?.publicKey)
        // Alice, Bob and the fee account, and any account another test deposited to meanwhile.
        #expect(report.block >= 4 && report.accounts >= 3)

        // The new operator runs the restored directory (no operator.key, only bridge.pub) and proves the next block.
        configuration.port = 0
        let node = try await RollupNode.open(configuration)
        #expect(node.bridgeKey == nil)
        let url = try await FollowerUpstream.serve(node.application(onListening:))
        let client = try NodeClient(url)
        let bob: AccountView = try await client.get("v1/accounts/2")
        #expect(bob.verified == bob.pending)
        // The same chain, continued: its id, and the bridge sequences its published blocks spent.
        let chain: ChainView = try await client.get("v1/chain")
        #expect(chain.chainId == upstream.node.context.domain.chainID.description)
        // A captured deposit request, exactly as the upstream took it.
        let replayed = await Self.refusal(client, "v1/deposits", Fixture.depositRequest(Fixture.alice, 1_000, sequence: 1, node: upstream.node))
        #expect(replayed?.status == 409 && "\(String(describing: replayed))".contains("duplicate_deposit"), "\(String(describing: replayed))")
        let accepted: AcceptedView = try await client.post("v1/transactions", Fixture.transfer(2, 1, 7, fee: 1, nonce: bob.pending.nonce, key: Fixture.bob, node: node))
        try await FollowerUpstream.waitUntil(client) { $0.lastVerifiedBlock > report.block }
        let next: BlockView = try await client.get("v1/blocks/\(report.block + 1)")
        #expect(next.status == "verified" && next.oldRoot == report.root.decimalString && next.transactions == [accepted.hash])
    }

    /// The node's refusal of `body` posted to `path`, or nil when it accepted it.
    static func refusal(_ client: NodeClient, _ path: String, _ body: some Encodable & Sendable) async -> NodeClient.Failure? {
        do {
            let _: AcceptedView = try await client.post(path, body)
            return nil
        } catch {
            return error
        }
    }
}
