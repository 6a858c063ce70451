import Algebra
import APIContract
import APIServer
import Foundation
import Node
import Primitives
import RollupTypes
import StateKeeper
import Storage
import Support

/// `rollup bench throughput`: proven throughput end to end. The node as
/// `make run` starts it (full-size circuits, `provers` in-process provers,
/// the default admission: minimum fees, backlog cap) on a loopback port;
/// `senders` funded accounts offer signed transfers at `offeredRate` a
/// second, above what the provers prove, for `duration`, each paying well
/// above the base fee so that only the backlog cap refuses them. Then every
/// admitted transfer is awaited until verified.
///
/// Rows: `throughput_proven_tx_per_s` (transfers verified per second over
/// the offered period, its first tenth left out as warm-up),
/// `throughput_verification_latency_p50` and `_p99` (submission to its
/// block's verification, ns), `throughput_backlog_max_blocks` (sampled
/// every 100 ms) and `throughput_refused_share`; and
/// `throughput_suggested_fee_probe`: half-way, one more account sends a
/// transfer paying the suggested fee of GET /v1/fees (again after each
/// 503) and its latency to verification (ns) is set against the expected
/// seconds GET /v1/fees stated plus one proof (`within` 1 or 0). Last,
/// `throughput_provers_ratio`: the proven rate against `provers`
/// single-threaded workers alone (as `bench provers` runs them), measured
/// just before and just after the node, their mean; the target is
/// 0.9.
public struct ThroughputBenchmark: Sendable {
    /// Where the full-size development keys are made once and kept.
    public var keysDirectory: String
    public var provers = 2
    public var duration: Duration = .seconds(120)
    /// Transfers offered per second.
    public var offeredRate = 100.0
    /// The scheduling of the node's in-process provers (`rollup node --prover-priority`).
    public var proverPriority = ThreadPriority.idle
    public var senders = 64
    /// What each transfer pays: far above the base fee at the cap.
    static let fee: UInt128 = 100_000

    public init(keysDirectory: String) { self.keysDirectory = keysDirectory }

    /// One admitted transfer: when it was sent (Unix ms) and its hash.
    struct Admitted {
        let hash: String
        let sentAt: Int64
    }

    final class Offers: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var attempts = 0
        private(set) var admitted = [Admitted]()
        private(set) var failures = [String]()

        func record(_ admitted: Admitted?) {
            lock.withLock {
                attempts += 1
                if let admitted { self.admitted.append(admitted) }
            }
        }

        func fail(_ failure: String) { lock.withLock { failures.append(failure) } }

        var snapshot: (attempts: Int, admitted: [Admitted], failures: [String]) { lock.withLock { (attempts, admitted, failures) } }
    }

    public func run(report: (BenchmarkResult) -> Void, progress: @escaping @Sendable (String) -> Void) async throws {
        // The provers alone, as `bench provers` measures them, just before and just after: the machine's speed drifts.
        let reference = ProversBenchmark()
        progress("the reference: \(provers) single-threaded workers alone")
        let before = try await reference.secondsPerBlock(workers: provers)
        let loopback = try await LoopbackNode.start(name: "throughput", keysDirectory: keysDirectory, progress: progress) { [proverPriority] configuration in
            configuration.provers = provers
            configuration.proverPriority = proverPriority
        }
        let proven = try await loopback.stopping { try await measure(on: loopback, report: report, progress: progress) }
        progress("the reference again")
        let after = try await reference.secondsPerBlock(workers: provers)
        let alone = Double(reference.parameters.capacity) * 2 / (before + after)
        report(BenchmarkResult(name: "throughput_provers_ratio", ns: 0, extra: [
            ("ratio", proven / alone), ("proven_per_s", proven), ("workers_alone_per_s", alone), ("before_s_per_block", before),
            ("after_s_per_block", after), ("provers", Double(provers)),
        ]))
    }

    /// The run on a started node; the transfers proven per second.
    private func measure(on loopback: LoopbackNode, report: (BenchmarkResult) -> Void, progress: @escaping @Sendable (String) -> Void) async throws -> Double {
        let (node, configuration, port) = (loopback.node, loopback.configuration, loopback.port)
        let store = node.context.store
        let chain = node.context.domain.chainID

        // Fund the senders (ids 1 … senders) and the probe (senders + 1), and wait until their deposit blocks are verified: the backlog starts empty.
        let keys = (0...senders).map { _ in EdDSAPrivateKey.generate() }
        let depositBlocks = try loopback.fund(keys, amount: 1 << 100)
        while try store.lastVerifiedBlock() < depositBlocks { try await Task.sleep(for: .milliseconds(100)) }
        progress("\(senders) senders funded and verified in \(depositBlocks) deposit blocks; offering \(offeredRate) transfers/s for \(duration)")

        let offers = Offers()
        let (senders, offeredRate) = (senders, offeredRate)
        let start = ContinuousClock.now
        let end = start + duration
        // The backlog as admission counts it, every 100 ms.
        let sampling = Task { () -> Int in
            var highest = 0
            while ContinuousClock.now < end {
                highest = max(highest, try await node.context.admission.load().backlog)
                try await Task.sleep(for: .milliseconds(100))
            }
            return highest
        }
        // One thread offers at the rate, round-robin over the senders; a sender's nonce advances when it is admitted.
        let offering = Thread {
            do {
                let connection = try LoopbackHTTPClient(port: port)
                var nonces = [Int](repeating: 0, count: senders)
                var sent = 0
                while ContinuousClock.now < end {
                    let due = start + .nanoseconds(Int64(Double(sent) / offeredRate * 1e9))
                    if ContinuousClock.now < due { Thread.sleep(forTimeInterval: Double((due - ContinuousClock.now) / .microseconds(1)) / 1e6) }
                    let sender = sent % senders
                    sent += 1
                    let transfer = Transfer(
                        from: try AccountID(sender + 1), to: try AccountID((sender + 1) % senders + 1), amount: try PackedAmount(packing: 1),
                        fee: try PackedFee(packing: Self.fee), nonce: UInt32(nonces[sender])
                    ).signed(with: keys[sender], chain: chain)
                    let body = try JSONEncoder().encode(SubmittedTransaction(.transfer(transfer)))
                    let sentAt = UnixTime.milliseconds()
                    switch try connection.post("/v1/transactions", body: Array(body)) {
                    case 202:
                        offers.record(Admitted(hash: Transaction.transfer(transfer).hash, sentAt: sentAt))
                        nonces[sender] += 1
                    case 503: offers.record(nil)
                    case let status: throw LoopbackHTTPClient.Failure(description: "a transfer got \(status), not 202 or 503 backlog_full")
                    }
                }
            } catch {
                offers.fail("\(error)")
            }
        }
        offering.start()
        let probing = Task { try await Self.probe(node, port: port, key: keys[senders], id: senders + 1, from: start + duration / 2, until: end) }
        let highest = try await sampling.value
        let probed = try await probing.value
        while offering.isExecuting { try await Task.sleep(for: .milliseconds(20)) }
        let (attempts, admitted, failures) = offers.snapshot
        if let failure = failures.first { throw LoopbackHTTPClient.Failure(description: "the offering thread failed: \(failure)") }
        progress("offered \(attempts), admitted \(admitted.count); waiting until every admitted transfer is verified")

        // Every admitted transfer verified: its block's verification time, and none lost.
        var verifiedAt = [UInt32: Int64]()
        var latencies = [Double]()
        let startMs = UnixTime.milliseconds() - Int64((ContinuousClock.now - start) / .milliseconds(1))
        let endMs = startMs + Int64(duration / .milliseconds(1))
        let warmUpMs = startMs + Int64(duration / .milliseconds(1)) / 10
        var provenInWindow = 0
        for transfer in admitted {
            let number = try await Self.verifiedBlock(of: transfer.hash, in: store)
            if verifiedAt[number] == nil { verifiedAt[number] = try store.blocks(from: number, limit: 1).first?.verifiedAt }
            guard let at = verifiedAt[number] else { throw LoopbackHTTPClient.Failure(description: "block \(number) has no verification time") }
            latencies.append(Double(at - transfer.sentAt) * 1e6)
            if at >= warmUpMs && at < endMs { provenInWindow += 1 }
        }
        let sorted = latencies.sorted()
        func percentile(_ p: Double) -> Double { sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
        let window = Double(endMs - warmUpMs) / 1000
        let proven = Double(provenInWindow) / window
        let extra: [(String, Double)] = [("provers", Double(provers)), ("offered_per_s", offeredRate), ("seconds", Double(duration / .milliseconds(1)) / 1000)]
        report(BenchmarkResult(name: "throughput_proven_tx_per_s", ns: 1e9 / proven, extra: [("per_second", proven), ("admitted", Double(admitted.count))] + extra))
        report(BenchmarkResult(name: "throughput_verification_latency_p50", ns: percentile(0.5), extra: extra))
        report(BenchmarkResult(name: "throughput_verification_latency_p99", ns: percentile(0.99), extra: extra))
        report(BenchmarkResult(name: "throughput_backlog_max_blocks", ns: 0, extra: [("blocks", Double(highest)), ("cap", Double(configuration.admission.maxBacklog))] + extra))
        report(BenchmarkResult(
            name: "throughput_refused_share", ns: 0,
            extra: [("share", attempts == 0 ? 0 : Double(attempts - admitted.count) / Double(attempts)), ("offered", Double(attempts))] + extra))
        guard let probed else { throw LoopbackHTTPClient.Failure(description: "the suggested fee never got the probe's transfer in during the second half") }
        let number = try await Self.verifiedBlock(of: probed.hash, in: store)
        guard let at = try store.blocks(from: number, limit: 1).first?.verifiedAt else { throw LoopbackHTTPClient.Failure(description: "block \(number) has no verification time") }
        let latency = Double(at - probed.sentAt) / 1000
        let expected = probed.fees.fees["transfer"]?.expectedSecondsToVerification ?? probed.fees.expectedSecondsToVerification
        let allowed = expected + probed.fees.proofSeconds
        report(BenchmarkResult(name: "throughput_suggested_fee_probe", ns: latency * 1e9, extra: [
            ("expected_s", expected), ("proof_s", probed.fees.proofSeconds), ("allowed_s", allowed),
            ("within", latency <= allowed ? 1 : 0), ("backlog_blocks", Double(probed.fees.backlogBlocks)), ("fee", Double(probed.fee)),
        ] + extra))
        return proven
    }

    /// From `from` until `until`: a transfer from account `id` paying the
    /// suggested fee that GET /v1/fees states (read in-process, as the
    /// route answers it), sent again every 100 ms while it gets 503; when
    /// it was admitted, with the fees it was sent on.
    static func probe(
        _ node: RollupNode, port: Int, key: EdDSAPrivateKey, id: Int, from: ContinuousClock.Instant, until end: ContinuousClock.Instant
    ) async throws -> (hash: String, sentAt: Int64, fees: FeesView, fee: UInt128)? {
        try await Task.sleep(until: from)
        while ContinuousClock.now < end {
            let fees = try await node.context.admission.fees()
            guard let fee = fees.fees[BlockType.transfer.rawValue].flatMap({ UInt128($0.suggestedFee) }) else { return nil }
            let transfer = Transfer(
                from: try AccountID(id), to: try AccountID(1), amount: try PackedAmount(packing: 1), fee: try PackedFee(packing: fee), nonce: 0
            ).signed(with: key, chain: node.context.domain.chainID)
            let body = Array(try JSONEncoder().encode(SubmittedTransaction(.transfer(transfer))))
            let sentAt = UnixTime.milliseconds()
            let status = try await DedicatedThread.run(name: "bench.probe", priority: .normal) {
                try LoopbackHTTPClient(port: port).post("/v1/transactions", body: body)
            }
            if status == 202 { return (Transaction.transfer(transfer).hash, sentAt, fees, fee) }
            try await Task.sleep(for: .milliseconds(100))
        }
        return nil
    }

    /// The block that verified transfer `hash`, waiting for it (10 minutes at most).
    static func verifiedBlock(of hash: String, in store: any NodeStore) async throws -> UInt32 {
        let deadline = ContinuousClock.now + .seconds(600)
        while ContinuousClock.now < deadline {
            switch try store.transaction(hash: hash)?.status {
            case .verified(let number): return number
            case .rejected(let reason): throw LoopbackHTTPClient.Failure(description: "transfer \(hash) was dropped: \(reason)")
            case .none: throw LoopbackHTTPClient.Failure(description: "admitted transfer \(hash) is not stored")
            case .pending, .committed: try await Task.sleep(for: .milliseconds(200))
            }
        }
        throw LoopbackHTTPClient.Failure(description: "transfer \(hash) not verified within 10 minutes")
    }
}
