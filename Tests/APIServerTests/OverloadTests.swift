import APIContract
import APIServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Node
import NodeTestSupport
import Primitives
import StateKeeper
import Testing
import TestSupport

/// The overload run of issue 29 with small keys: senders offer transfers
/// far above what one prover proves, for 60 s. The backlog never passes the
/// cap; a transfer paying the suggested fee is verified within the time
/// GET /v1/fees expected plus one proof; afterwards every accepted transfer
/// is verified and none is lost.
struct OverloadTests {
    typealias Fixture = APIFixture

    static let senders = (0..<4).map { _ in EdDSAPrivateKey.generate() }
    static let probe = EdDSAPrivateKey.generate()
    /// Between one sender's attempts: four senders offer up to 80 transfers
    /// a second, tens of times what one prover proves here, without starving
    /// the tests that run beside this one.
    static let pause = Duration.milliseconds(50)

    /// What the flood did: attempts, accepted hashes, refusals by status.
    final class Flood: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var attempts = 0
        private(set) var accepted = [String]()
        private(set) var refusals = [Int: Int]()

        func record(_ status: HTTPResponse.Status, hash: String?) {
            lock.withLock {
                attempts += 1
                if let hash { accepted.append(hash) } else { refusals[Int(status.code), default: 0] += 1 }
            }
        }

        var snapshot: (attempts: Int, accepted: [String], refusals: [Int: Int]) { lock.withLock { (attempts, accepted, refusals) } }
    }

    @Test func aSixtySecondOverloadKeepsTheCapAndLosesNothing() async throws {
        var limits = AdmissionControl.Limits()
        limits.fees = FeeSchedule(minimums: [.transfer: 1, .exit: 1])
        limits.maxBacklog = 6
        limits.maxPendingPerAccount = 10_000
        let node = try await Fixture.node(provers: 1, admission: limits)
        try await node.application().test(.live) { client in
            for (index, key) in (Self.senders + [Self.probe]).enumerated() {
                try await client.execute(uri: "/v1/deposits", method: .post, body: Fixture.deposit(key, 1 << 60, sequence: UInt64(index + 1), node: node)) { response in
                    #expect(response.status == .accepted)
                }
            }
            #expect(try await APIFixture.waitFor(client) { $0.lastVerifiedBlock >= 1 && $0.pendingTransactions == 0 })

            let flood = Flood()
            let started = ContinuousClock.now
            let end = started + .seconds(60)
            // The backlog, every 50 ms, as the keeper counts it.
            let sampling = Task { () -> Int in
                var highest = 0
                while ContinuousClock.now < end {
                    highest = max(highest, try await node.context.admission.load().backlog)
                    try await Task.sleep(for: .milliseconds(50))
                }
                return highest
            }
            // Four senders, each as fast as the node answers (after a 50 ms pause), paying well above the base fee: refused only at the cap.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, key) in Self.senders.enumerated() {
                    group.addTask {
                        var nonce: UInt32 = 0
                        while ContinuousClock.now < end {
                            let transfer = Fixture.transfer(index + 1, (index + 1) % 4 + 1, 1, fee: 1_000, nonce: nonce, key: key, node: node)
                            let hash = try await client.execute(uri: "/v1/transactions", method: .post, body: Fixture.body(transfer)) { response -> String? in
                                if response.status == .accepted { return try Fixture.answer(AcceptedView.self, response).hash }
                                #expect(response.status == .serviceUnavailable && Fixture.errorCode(response) == "backlog_full", "\(String(buffer: response.body))")
                                return nil
                            }
                            flood.record(hash == nil ? .serviceUnavailable : .accepted, hash: hash)
                            if hash != nil { nonce += 1 }
                            try await Task.sleep(for: Self.pause)
                        }
                    }
                }
                // Half-way, a transfer paying what GET /v1/fees suggests, sent as soon as it is admitted.
                group.addTask {
                    try await Task.sleep(until: started + .seconds(30))
                    var probed: (hash: String, sent: ContinuousClock.Instant, fees: FeesView)?
                    // Until it is admitted: past the flood's end if the backlog stays full that long on a loaded machine.
                    let probeEnd = end + .seconds(120)
                    while probed == nil && ContinuousClock.now < probeEnd {
                        // Like a wallet: the suggested fee, sent again after each 503 as the senders do.
                        let fees = try await client.execute(uri: "/v1/fees", method: .get) { try Fixture.answer(FeesView.self, $0) }
                        let fee = try #require(fees.fees["transfer"].flatMap { UInt128($0.suggestedFee) })
                        let transfer = Fixture.transfer(5, 1, 1, fee: fee, nonce: 0, key: Self.probe, node: node)
                        var status = HTTPResponse.Status.serviceUnavailable
                        while status == .serviceUnavailable && probed == nil && ContinuousClock.now < probeEnd {
                            let sent = ContinuousClock.now
                            let hash = try await client.execute(uri: "/v1/transactions", method: .post, body: Fixture.body(transfer)) { response -> String? in
                                status = response.status
                                return response.status == .accepted ? try Fixture.answer(AcceptedView.self, response).hash : nil
                            }
                            if let hash { probed = (hash, sent, fees) } else { try await Task.sleep(for: Self.pause) }
                        }
                    }
                    let (hash, sent, fees) = try #require(probed, "the suggested fee never got a transfer in")
                    var verifiedAfter: Duration?
                    while verifiedAfter == nil && ContinuousClock.now < sent + .seconds(120) {
                        let status = try await client.execute(uri: "/v1/transactions/\(hash)", method: .get) { try Fixture.answer(TransactionView.self, $0).status }
                        if status == "verified" { verifiedAfter = ContinuousClock.now - sent } else { try await Task.sleep(for: .milliseconds(20)) }
                    }
                    let took = try #require(verifiedAfter, "the probe was not verified within 2 minutes")
                    let expected = try #require(fees.fees["transfer"]).expectedSecondsToVerification
                    let allowed = Duration.milliseconds(Int64((expected + fees.proofSeconds) * 1000))
                    #expect(took <= allowed, "verified after \(took), expected \(expected) s + one proof \(fees.proofSeconds) s (backlog \(fees.backlogBlocks))")
                }
                try await group.waitForAll()
            }
            let highest = try await sampling.value
            let (attempts, accepted, refusals) = flood.snapshot
            #expect(highest <= 6, "the backlog reached \(highest) blocks, past the cap of 6")
            print("overload: offered \(attempts) transfers in 60 s, accepted \(accepted.count), refused \(refusals); highest backlog \(highest)")

            // Afterwards: every accepted transfer verified, none lost.
            var unverified = Set(accepted)
            _ = try await Poll.until(timeout: .seconds(180), every: .milliseconds(200)) {
                for hash in unverified {
                    let status = try await client.execute(uri: "/v1/transactions/\(hash)", method: .get) { try Fixture.answer(TransactionView.self, $0).status }
                    #expect(status != "rejected", "\(hash) was dropped")
                    if status == "verified" { unverified.remove(hash) }
                }
                return unverified.isEmpty
            }
            #expect(unverified.isEmpty, "\(unverified.count) of \(accepted.count) accepted transfers not verified")
            // The offer was at least ten times what was proven.
            let proven = Double(accepted.count) / 60
            #expect(Double(attempts) / 60 >= 10 * proven, "offered \(attempts), accepted \(accepted.count), refused \(refusals)")
            // The senders' nonces account for every accepted transfer: nothing lost, nothing twice.
            var nonces = 0
            for id in 1...4 {
                nonces += Int(try await client.execute(uri: "/v1/accounts/\(id)", method: .get) { try Fixture.answer(AccountView.self, $0) }.verified?.nonce ?? 0)
            }
            #expect(nonces == accepted.count)
        }
    }
}
