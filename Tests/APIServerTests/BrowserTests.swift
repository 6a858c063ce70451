import APIContract
import APIServer
import Follower
import Foundation
import Hummingbird
import HummingbirdTesting
import Node
import NodeTestSupport
import RollupTypes
import Support
import TestSupport
import Storage
import Testing

/// The explorer (GET /explorer/) in Debian's headless Chromium, against a
/// node with a verified block of every type: what its pages show, a new
/// block appearing live, the exit-proof check passing and failing on a
/// tampered path, 360 px pages with titles, and no request outside the node.
/// Screenshots of each page go to docs/explorer/.
@Suite(.enabled(if: HeadlessBrowser.executable != nil, "chromium is not installed (make test-deps installs it)"))
struct BrowserTests {
    typealias Fixture = APIFixture

    static let screenshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/explorer")

    /// Sends `transaction` and waits until it is verified.
    static func verified(_ transaction: SubmittedTransaction, _ client: some TestClientProtocol, _ node: RollupNode) async throws -> UInt32 {
        try await client.execute(uri: "/v1/transactions", method: .post, body: Fixture.body(transaction)) { #expect($0.status == .accepted) }
        let stored = try await SubscriptionTests.verified(transaction.transaction.hash, node)
        guard case .verified(let block) = stored.status else { throw HeadlessBrowser.Failure(description: "not verified") }
        return block
    }

    @Test func theExplorerShowsTheChainLiveAndChecksExitProofs() async throws {
        let node = try await Fixture.node(provers: 1)
        try await node.application().test(.live) { client in
            let port = try #require(client.port)
            let origin = "http://127.0.0.1:\(port)"
            // A block of every type, verified: deposits, a transfer, an exit.
            for (key, sequence) in [(Fixture.alice, UInt64(1)), (Fixture.bob, 2)] {
                try await client.execute(uri: "/v1/deposits", method: .post, body: Fixture.deposit(key, 1_000, sequence: sequence, node: node)) { #expect($0.status == .accepted) }
            }
            let transfer = Fixture.transfer(1, 2, 10, nonce: 0, key: Fixture.alice, node: node)
            let transferBlock = try await Self.verified(transfer, client, node)
            let exitBlock = try await Self.verified(
                Fixture.exit(2, 5, nonce: 0, address: [UInt8](repeating: 0xab, count: 20), key: Fixture.bob, node: node), client, node)
            #expect(transferBlock > 1 && exitBlock > transferBlock)

            let browser = try await HeadlessBrowser.launch()
            defer { browser.close() }
            try FileManager.default.createDirectory(at: Self.screenshots, withIntermediateDirectories: true)
            let page = ExplorerSession(browser: browser, origin: origin)

            // The latest blocks, and a new one appearing without a reload.
            try await page.open("", until: "document.querySelectorAll('#blocks tbody tr').length >= 3")
            let rows = try await page.text("#blocks tbody")
            for type in ["deposit", "transfer", "exit"] { #expect(rows.contains(type), "\(rows)") }
            #expect(rows.contains("verified"))
            try await browser.screenshot(to: Self.screenshots.appendingPathComponent("blocks.png").path)
            _ = try await browser.evaluate("window.stillThisPage = true")
            let live = try await browser.wait(until: "document.getElementById('live').className === 'live on'")
            #expect(live)
            let nextBlock = try await Self.verified(Fixture.transfer(2, 1, 3, nonce: 1, key: Fixture.bob, node: node), client, node)
            let appeared = try await browser.wait(until: "document.querySelector('#blocks tr[data-block=\"\(nextBlock)\"]') !== null")
            let rowsNow = try await page.text("#blocks tbody")
            #expect(appeared, "block \(nextBlock) did not appear: \(rowsNow)")
            #expect(try await browser.evaluate("window.stillThisPage === true") as? Bool == true)

            // The chain, a block decoded from its pubdata, a transaction's journey.
            try await page.open("#/chain", until: "document.getElementById('chain-id')")
            #expect(try await page.text("#chain-id") == node.context.chain.chainId)
            #expect(try await page.text("#setup-warning").contains("Development setup"))
            try await browser.screenshot(to: Self.screenshots.appendingPathComponent("chain.png").path)
            try await page.open("#/block/\(transferBlock)", until: "document.getElementById('slots')")
            let slots = try await page.text("#slots")
            #expect(slots.contains("transfer 10 from 1 to 2, fee 1"), "\(slots)")
            #expect(try await page.text("#page").contains("node-"), "who proved it")
            try await browser.screenshot(to: Self.screenshots.appendingPathComponent("block.png").path)
            try await page.open("#/tx/\(transfer.transaction.hash)", until: "document.getElementById('journey')")
            #expect(try await browser.evaluate("document.querySelectorAll('#journey li.done').length") as? Int == 3)
            try await browser.screenshot(to: Self.screenshots.appendingPathComponent("transaction.png").path)

            // An account: its balances and its exit proof, checked in the page.
            try await page.open("#/account/2", until: "document.getElementById('exit-proof-check').dataset.outcome")
            let accountPage = try await page.text("#page")
            #expect(try await page.text("#balance-verified") == "1000 (nonce 2)", "\(accountPage)")
            #expect(try await browser.evaluate("document.getElementById('exit-proof-check').dataset.outcome") as? String == "pass", "\(accountPage)")
            try await browser.screenshot(to: Self.screenshots.appendingPathComponent("account.png").path)
            try await page.open("#/provers", until: "document.getElementById('queue-depth')")
            try await browser.screenshot(to: Self.screenshots.appendingPathComponent("provers.png").path)
            try await page.open("#/charts", until: "document.querySelectorAll('svg').length === 3")
            try await browser.screenshot(to: Self.screenshots.appendingPathComponent("charts.png").path)

            // Search by block number, transaction hash, account id and public key.
            for (query, expected) in [
                ("\(exitBlock)", "Block \(exitBlock)"), (transfer.transaction.hash, "Transaction"),
                ("0x" + Fixture.bob.publicKey.packed.hexString, "Account 2"),
            ] {
                _ = try await browser.evaluate("document.getElementById('search-input').value = '\(query)'; document.getElementById('search').requestSubmit()")
                let found = try await browser.wait(until: "(document.getElementById('results') || {}).innerText?.includes('\(expected)')")
                let results = try await page.text("#page")
                #expect(found, "\(query): \(results)")
            }

            // At 360 px every page fits and has a title of its own.
            try await browser.resize(width: 360, height: 780)
            for fragment in ["#/", "#/chain", "#/block/\(transferBlock)", "#/tx/\(transfer.transaction.hash)", "#/account/1", "#/provers", "#/charts"] {
                try await page.open(fragment, until: "true")
                let width = try await browser.evaluate("document.documentElement.scrollWidth") as? Int ?? .max
                #expect(width <= 360, "\(fragment) is \(width) px wide at 360")
                let title = try await browser.evaluate("document.title") as? String ?? ""
                #expect(title.hasSuffix("· Rollup explorer") && title.count > "· Rollup explorer".count + 2, "\(fragment): \(title)")
            }
            try await page.open("#/account/1", until: "document.getElementById('exit-proof-check').dataset.outcome")
            try await browser.screenshot(to: Self.screenshots.appendingPathComponent("account-360.png").path)

            // A served path tampered with in flight fails the check.
            try await browser.rewrite(responsesContaining: "/exit-proof") { body in
                guard var proof = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any], var siblings = proof["siblings"] as? [String] else { return body }
                siblings[0] = siblings[0] == "1" ? "2" : "1"
                proof["siblings"] = siblings
                return String(decoding: (try? JSONSerialization.data(withJSONObject: proof)) ?? Data(), as: UTF8.self)
            }
            try await page.open("#/account/2", until: "document.getElementById('exit-proof-check').dataset.outcome")
            #expect(try await browser.evaluate("document.getElementById('exit-proof-check').dataset.outcome") as? String == "fail")
            #expect(try await page.text("#exit-proof-check").contains("does not lead to the stated root"))

            // Nothing but the node was asked for anything.
            let requests = browser.requests
            #expect(requests.count > 10)
            let outside = requests.filter { !$0.hasPrefix(origin + "/") && !$0.hasPrefix("ws://127.0.0.1:\(port)/") }
            #expect(outside.isEmpty, "\(outside)")
        }
    }

    /// The explorer as a follower serves it: the upstream's blocks as the
    /// follower verified them, an account's exit proof checked against the
    /// follower's own verified root, and a block the upstream adds
    /// appearing without a reload, with no request outside the follower.
    @Test func aFollowerServesTheExplorer() async throws {
        let upstream = try await FollowerUpstream.shared.value
        let data = ScratchDirectory.path("browser-follower").path
        let follower = try await Follower.open(
            upstream: upstream.url, dataDirectory: data, allowDevelopmentKeys: true, keys: FollowerUpstream.pinned(upstream, data: data))
        let reached = try await follower.catchUp()
        #expect(reached >= 4)
        try await FollowerNode(follower: follower, port: 0, interval: .milliseconds(100)).application().test(.live) { client in
            let port = try #require(client.port)
            let origin = "http://127.0.0.1:\(port)"
            let browser = try await HeadlessBrowser.launch()
            defer { browser.close() }
            let page = ExplorerSession(browser: browser, origin: origin)

            try await page.open("", until: "document.querySelectorAll('#blocks tbody tr').length >= \(reached)")
            let rows = try await page.text("#blocks tbody")
            for type in ["deposit", "transfer", "exit"] { #expect(rows.contains(type), "\(rows)") }
            #expect(!rows.contains("committed"), "a follower shows only what it verified: \(rows)")
            try await page.open("#/chain", until: "document.getElementById('chain-id')")
            #expect(try await page.text("#chain-id") == upstream.node.context.chain.chainId)
            try await page.open("#/account/2", until: "document.getElementById('exit-proof-check').dataset.outcome")
            let accountPage = try await page.text("#page")
            #expect(try await browser.evaluate("document.getElementById('exit-proof-check').dataset.outcome") as? String == "pass", "\(accountPage)")

            // A block the upstream adds appears on the open blocks page.
            try await page.open("", until: "document.getElementById('live').className === 'live on'")
            _ = try await browser.evaluate("window.stillThisPage = true")
            let bob: AccountView = try await upstream.client.get("v1/accounts/2")
            let accepted: AcceptedView = try await upstream.client.post(
                "v1/transactions", Fixture.transfer(2, 1, 1, fee: 1, nonce: bob.pending.nonce, key: Fixture.bob, node: upstream.node))
            let verified = try await SubscriptionTests.verified(accepted.hash, upstream.node)
            guard case .verified(let block) = verified.status else { throw HeadlessBrowser.Failure(description: "not verified") }
            let appeared = try await browser.wait(until: "document.querySelector('#blocks tr[data-block=\"\(block)\"]') !== null", timeout: .seconds(60))
            let rowsNow = try await page.text("#blocks tbody")
            #expect(appeared, "block \(block) did not appear: \(rowsNow)")
            #expect(try await browser.evaluate("window.stillThisPage === true") as? Bool == true)

            let outside = browser.requests.filter { !$0.hasPrefix(origin + "/") && !$0.hasPrefix("ws://127.0.0.1:\(port)/") }
            #expect(outside.isEmpty, "\(outside)")
        }
    }
}

/// The explorer's pages in a headless browser, opened by their fragment.
struct ExplorerSession {
    let browser: HeadlessBrowser
    let origin: String

    /// Opens `fragment` and waits until the page says it is ready and `condition` (JavaScript) holds.
    func open(_ fragment: String, until condition: String) async throws {
        try await browser.navigate("\(origin)/explorer/\(fragment)")
        let shown = try await browser.wait(until: "document.getElementById('page').dataset.ready === '\(fragment.isEmpty ? "#/" : fragment)' && (\(condition))")
        let shownText = shown ? "" : ((try? await browser.evaluate("document.getElementById('page').innerText")) as? String ?? "")
        #expect(shown, "\(fragment): \(shownText)")
    }

    /// The text of the first element `selector` picks, or "".
    func text(_ selector: String) async throws -> String {
        try await browser.evaluate("(document.querySelector('\(selector)') || {}).innerText || ''") as? String ?? ""
    }
}
