import APIContract
import APIServer
import ChildProcess
import Foundation
import Hummingbird
import HummingbirdTesting
import Node
import NodeTestSupport
import Primitives
import RollupTypes
import StateKeeper
import Testing
import TestSupport

/// Admission that proving can keep up with (docs/PROTOCOL.md, "Fees and
/// admission"): minimum fees, a base fee raised by the backlog, a backlog
/// cap, a per-account cap, and GET /v1/fees, against a node whose blocks
/// wait unverified (no provers) and then drain (restarted with one).
struct AdmissionTests {
    typealias Fixture = APIFixture

    /// Minimum 10 for transfers and exits; at most 4 blocks unverified; at most 3 pending per account.
    static var limits: AdmissionControl.Limits {
        var limits = AdmissionControl.Limits()
        limits.fees = FeeSchedule(minimums: [.transfer: 10, .exit: 10])
        limits.maxBacklog = 4
        limits.maxPendingPerAccount = 3
        return limits
    }

    /// The minimum, base and suggested fee of `type`, in that order.
    static func amounts(_ fees: FeesView, _ type: String) -> [String]? {
        fees.fees[type].map { [$0.minimum, $0.baseFee, $0.suggestedFee] }
    }

    static func fees(_ client: some TestClientProtocol) async throws -> FeesView {
        try await client.execute(uri: "/v1/fees", method: .get) { response in
            #expect(response.status == .ok)
            return try Fixture.answer(FeesView.self, response)
        }
    }

    /// Posts `transaction`, expecting `status` and, for a refusal, `code`
    /// with a JSON error body, both listed for the operation in
    /// docs/openapi.json. Gives the answer.
    @discardableResult
    static func post(
        _ transaction: SubmittedTransaction, _ client: some TestClientProtocol, expect status: HTTPResponse.Status, code: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> TestResponse {
        let operation = try #require(
            try DocumentedOperation.all().first { $0.method == "POST" && $0.template == "/v1/transactions" }, sourceLocation: sourceLocation)
        return try await client.execute(uri: "/v1/transactions", method: .post, body: Fixture.body(transaction)) { response in
            #expect(response.status == status, "\(String(buffer: response.body))", sourceLocation: sourceLocation)
            #expect(operation.statuses.contains(Int(response.status.code)), "\(response.status) is not listed in docs/openapi.json", sourceLocation: sourceLocation)
            if let code { #expect(Fixture.errorCode(response) == code, "\(String(buffer: response.body))", sourceLocation: sourceLocation) }
            return response
        }
    }

    @Test func feesRiseWithTheBacklogRefuseWhatPaysTooLittleAndFallAsItDrains() async throws {
        let node = try await Fixture.node(admission: Self.limits)
        let bob = Fixture.bob
        let accepted = try await node.application().test(.router) { client -> [String] in
            var accepted = [String]()
            for (key, sequence) in [(Fixture.alice, UInt64(1)), (bob, 2)] {
                try await client.execute(uri: "/v1/deposits", method: .post, body: Fixture.deposit(key, 1_000, sequence: sequence, node: node)) { response in
                    #expect(response.status == .accepted)
                }
            }
            await APIFixture.seal(node)
            // One deposit block waits to be verified: within the target (2 blocks without provers), the base fee is the minimum.
            var fees = try await Self.fees(client)
            #expect(fees.backlogBlocks == 1 && fees.targetBacklogBlocks == 2 && fees.maxBacklogBlocks == 4 && fees.source == "node")
            #expect(Self.amounts(fees, "transfer") == ["10", "10", "10"])
            #expect(Self.amounts(fees, "exit") == ["10", "10", "10"])
            // An exit seals at once: the deposit block ahead (stretched by the pace allowance) and its own, at the assumed
            // proof time (5 s) each. A transfer opens a block that waits to be full, up to the chain's timeout (an hour
            // here), and is expected no sooner.
            #expect(fees.fees["exit"]?.expectedSecondsToVerification == (AdmissionControl.paceAllowance + 1) * AdmissionControl.defaultProofSeconds)
            let transferSeconds = try #require(fees.fees["transfer"]).expectedSecondsToVerification
            #expect(transferSeconds > 3590 && transferSeconds <= 3600 + AdmissionControl.defaultProofSeconds, "\(transferSeconds)")
            #expect(fees.expectedSecondsToVerification == transferSeconds)

            // Below the minimum: 422 fee_too_low, naming it; nothing changes.
            let cheap = try await Self.post(Fixture.transfer(1, 2, 1, fee: 9, nonce: 0, key: Fixture.alice, node: node), client, expect: .unprocessableContent, code: "fee_too_low")
            #expect(String(buffer: cheap.body).contains("the minimum transfer fee is 10"))
            try await Self.post(Fixture.exit(1, 1, fee: 0, nonce: 0, address: [UInt8](repeating: 1, count: 20), key: Fixture.alice, node: node), client,
                                expect: .unprocessableContent, code: "fee_too_low")
            #expect(await node.context.keeper.pendingCount == 0)

            // Three transfers at the minimum fill two blocks: the backlog is 3, one past the target.
            for nonce in UInt32(0)..<3 {
                let response = try await Self.post(Fixture.transfer(1, 2, 1, fee: 10, nonce: nonce, key: Fixture.alice, node: node), client, expect: .accepted)
                accepted.append(try Fixture.answer(AcceptedView.self, response).hash)
            }
            // The per-account cap: a fourth pending transaction of Alice's, whatever it pays, is 429.
            try await Self.post(Fixture.transfer(1, 2, 1, fee: 100, nonce: 3, key: Fixture.alice, node: node), client, expect: .tooManyRequests, code: "too_many_pending")
            fees = try await Self.fees(client)
            #expect(fees.backlogBlocks == 3)
            #expect(Self.amounts(fees, "transfer") == ["10", "12", "14"])  // 10 × 9/8 rounded up; then 12 × 9/8

            // Below the base fee during the backlog: refused, though above the minimum.
            let belowBase = try await Self.post(Fixture.transfer(2, 1, 1, fee: 11, nonce: 0, key: bob, node: node), client, expect: .unprocessableContent, code: "fee_too_low")
            #expect(String(buffer: belowBase.body).contains("the transfer base fee is 12 now"))
            // At the base fee it joins the half-filled block; at the suggested fee it opens a fourth: the backlog reaches the cap.
            for (nonce, fee) in [(UInt32(0), UInt128(12)), (1, 14)] {
                let response = try await Self.post(Fixture.transfer(2, 1, 1, fee: fee, nonce: nonce, key: bob, node: node), client, expect: .accepted)
                accepted.append(try Fixture.answer(AcceptedView.self, response).hash)
            }
            fees = try await Self.fees(client)
            #expect(fees.backlogBlocks == 4 && fees.fees["transfer"]?.baseFee == "14" && fees.fees["exit"]?.baseFee == "14")

            // At the cap: 503 backlog_full with Retry-After (one block of 5 s, the assumed proof time, over one prover), whatever the fee.
            let full = try await Self.post(Fixture.transfer(2, 1, 1, fee: 1_000, nonce: 2, key: bob, node: node), client, expect: .serviceUnavailable, code: "backlog_full")
            #expect(full.headers[.retryAfter] == "5")
            try await Self.post(Fixture.exit(2, 1, fee: 1_000, nonce: 2, address: [UInt8](repeating: 1, count: 20), key: bob, node: node), client,
                                expect: .serviceUnavailable, code: "backlog_full")
            // Deposits are still taken: the bridge bounds them.
            try await client.execute(uri: "/v1/deposits", method: .post, body: Fixture.deposit(.generate(), 5, sequence: 3, node: node)) { response in
                #expect(response.status == .accepted)
            }
            #expect(await node.context.keeper.pendingCount == 6)

            // Every refusal is counted by reason.
            let scraped = try await client.execute(uri: "/metrics", method: .get) { String(buffer: $0.body) }
            for (reason, count) in [("fee_too_low", 3), ("too_many_pending", 1), ("backlog_full", 2)] {
                #expect(scraped.contains("rollup_admission_refusals_total{reason=\"\(reason)\"} \(count)\n"), "\(reason): \(scraped)")
            }

            // The base fee rose while they waited; every accepted transaction is sealed all the same.
            await APIFixture.seal(node, now: .now + .seconds(3600))
            for hash in accepted {
                let status = try await client.execute(uri: "/v1/transactions/\(hash)", method: .get) { try Fixture.answer(TransactionView.self, $0).status }
                #expect(status == "committed", "\(hash)")
            }
            return accepted
        }

        // Restarted with a prover, the node verifies the backlog, and the fees fall back to the minimum.
        var configuration = node.configuration
        configuration.provers = 1
        configuration.tick = .milliseconds(50)
        let proving = try await RollupNode.open(configuration)
        let before = try await proving.application().test(.router) { client in try await Self.fees(client) }
        #expect(before.backlogBlocks == 5 && before.fees["transfer"]?.baseFee == "16", "\(before)")
        try await proving.application().test(.live) { client in
            var fees = try await Self.fees(client)
            var seen = [fees.backlogBlocks]
            _ = try await Poll.until(timeout: .seconds(300), every: .milliseconds(100)) {
                fees = try await Self.fees(client)
                seen.append(fees.backlogBlocks)
                return fees.backlogBlocks == 0
            }
            #expect(fees.backlogBlocks == 0, "the backlog did not drain in 5 minutes: \(seen)")
            #expect(zip(seen, seen.dropFirst()).allSatisfy { $0 >= $1 }, "\(seen)")
            #expect(fees.liveProvers == 1 && Self.amounts(fees, "transfer") == ["10", "10", "10"])
            for hash in accepted {
                let status = try await client.execute(uri: "/v1/transactions/\(hash)", method: .get) { try Fixture.answer(TransactionView.self, $0).status }
                #expect(status == "verified", "\(hash)")
            }
        }
    }

    /// Submissions racing at the cap cannot pass it together: the keeper
    /// checks the cap as it admits, not only the API before it asks.
    @Test func concurrentSubmissionsNeverPassTheCap() async throws {
        var limits = Fixture.unpricedAdmission
        limits.maxBacklog = 8
        let node = try await Fixture.node(admission: limits)
        let keys = (0..<12).map { _ in EdDSAPrivateKey.generate() }
        try await node.application().test(.router) { client in
            for (index, key) in keys.enumerated() {
                try await client.execute(uri: "/v1/deposits", method: .post, body: Fixture.deposit(key, 100, sequence: UInt64(index + 1), node: node)) { response in
                    #expect(response.status == .accepted)
                }
            }
            await APIFixture.seal(node)
            #expect(try await AdmissionTests.fees(client).backlogBlocks == 6)  // 12 deposits, 2 per block, none verified
            // Twelve transfers at once, from twelve accounts: admitted while the backlog is below the cap, two blocks' worth less one.
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for (index, key) in keys.enumerated() {
                    let transfer = Fixture.transfer(index + 1, (index + 1) % 12 + 1, 1, fee: 0, nonce: 0, key: key, node: node)
                    group.addTask { try await client.execute(uri: "/v1/transactions", method: .post, body: Fixture.body(transfer)) { $0.status } }
                }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .accepted }.count == 3 && statuses.filter { $0 == .serviceUnavailable }.count == 9, "\(statuses)")
            #expect(try await AdmissionTests.fees(client).backlogBlocks == 8)
        }
    }

    /// A follower re-serves an upstream's fees only if they are what a node states.
    @Test func aFollowerTakesOnlyWellFormedFees() {
        let fees = FeesView(
            fees: ["transfer": .init(minimum: "10", baseFee: "12", suggestedFee: "14", expectedSecondsToVerification: 10), "exit": .init(minimum: "10", baseFee: "12", suggestedFee: "14", expectedSecondsToVerification: 10)],
            backlogBlocks: 3, targetBacklogBlocks: 2, maxBacklogBlocks: 32, liveProvers: 1, proofSeconds: 2.5, expectedSecondsToVerification: 10, source: "node")
        #expect(fees.isWellFormed)
        let spoilt: [(String, (inout FeesView) -> Void)] = [
            ("a kind that pays nothing", { $0.fees["deposit"] = .init(minimum: "1", baseFee: "1", suggestedFee: "1", expectedSecondsToVerification: 1) }),
            ("a kind that does not exist", { $0.fees["swap"] = .init(minimum: "1", baseFee: "1", suggestedFee: "1", expectedSecondsToVerification: 1) }),
            ("a signed amount", { $0.fees["transfer"]?.baseFee = "+12" }),
            ("an amount past 2^128", { $0.fees["exit"]?.suggestedFee = "340282366920938463463374607431768211456" }),
            ("a script", { $0.fees["exit"]?.minimum = "<script>" }),
            ("a negative backlog", { $0.backlogBlocks = -1 }),
            ("an endless wait", { $0.expectedSecondsToVerification = .infinity }),
            ("a transfer that waits for ever", { $0.fees["transfer"]?.expectedSecondsToVerification = .nan }),
            ("another source", { $0.source = "trust me" }),
        ]
        for (name, spoil) in spoilt {
            var copy = fees
            spoil(&copy)
            #expect(!copy.isWellFormed, "\(name)")
        }
    }

    /// `rollup node --min-fee … --max-backlog … --max-pending-per-account …`:
    /// bad values stop it naming the flag; good ones are what GET /v1/fees states.
    @Test func theNodeTakesItsAdmissionFlags() async throws {
        let rollup = RollupBinary.path
        let configuration = Fixture.configuration()
        let data = configuration.dataDirectory
        for (flags, named) in [
            (["--min-fee", "swap=1"], "--min-fee takes kind=fee pairs for transfer, exit"),
            (["--min-fee", "deposit=3"], "--min-fee takes kind=fee pairs"),
            (["--min-fee", "transfer=+5"], "'+5' is not a whole number"),
            (["--min-fee", "exit=340282366920938463463374607431768211456"], "is not a whole number"),
            (["--max-backlog", "0"], "--max-backlog must be at least 1"),
            (["--max-pending-per-account", "0"], "--max-pending-per-account must be at least 1"),
        ] {
            let refused = try ChildProcess.run("/usr/bin/timeout", ["60", rollup, "node", "--data", data, "--port", "1"] + flags)
            #expect(refused.status != 0 && refused.output.contains(named), "\(flags): \(refused.output)")
        }

        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: try await Fixture.sharedKeys.value, toPath: configuration.keysDirectory)
        let port = try FreePort.next()
        let node = try RollupBinary.start([
            "node", "--data", data, "--port", String(port), "--tree-depth", "4", "--block-size", "2", "--provers", "0", "--dev",
            "--min-fee", "exit=25", "--max-backlog", "7", "--max-pending-per-account", "2",
        ], logName: "node")
        defer { node.stop() }
        try #require(try await node.waitForOutput("Ctrl-C stops it"), "\(node.output)")
        let fees: FeesView = try await NodeClient("http://127.0.0.1:\(port)").get("v1/fees")
        #expect(fees.maxBacklogBlocks == 7 && fees.source == "node")
        #expect(fees.fees["exit"]?.minimum == "25" && fees.fees["transfer"]?.minimum == "10")  // transfers keep the default
    }
}
