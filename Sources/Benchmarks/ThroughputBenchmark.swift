import APIContract
import APIServer
import Foundation
import Node
import Primitives
import RollupTypes
import StateKeeper
import Storage

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
/// every 100 ms) and `throughput_refused_share`.
public struct ThroughputBenchmark: Sendable {
    /// Where the full-size development keys are made once and kept.
    public var keysDirectory: String
    public var provers = 2
    public var duration: Duration = .seconds(120)
    /// Transfers offered per second.
    public var offeredRate = 100.0
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
        var configuration = NodeConfiguration()
        configuration.development = true  // its keys are made once by a development setup, and it signs deposits with the bridge's key
        configuration.dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("rollup-bench-throughput-\(UUID().uuidString)").path
        configuration.port = 0
        configuration.provers = provers
        try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: configuration.dataDirectory) }
        try FileManager.default.createDirectory(atPath: keysDirectory, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: configuration.keysDirectory, withDestinationPath: keysDirectory)
        let node = try await RollupNode.open(configuration, progress: progress)
        let store = node.context.store
        let port = PortBox()
        let server = Task { try await node.application(onListening: { port.set($0) }).run() }
        defer { server.cancel() }
        while port.value == 0 { try await Task.sleep(for: .milliseconds(10)) }

        // Fund the senders (ids 1 … senders), and wait until their deposit blocks are verified: the backlog starts empty.
        let keys = (0..<senders).map { _ in EdDSAPrivateKey.generate() }
        let funding = try LoopbackHTTPClient(port: port.value)
        guard let bridge = node.bridgeKey else { throw LoopbackHTTPClient.Failure(description: "the benchmark's node has no bridge key") }
        let chain = node.context.domain.chainID
        for (index, key) in keys.enumerated() {
            let deposit = Deposit(account: nil, publicKey: key.publicKey, amount: 1 << 100, bridgeSequence: UInt64(index + 1)).signed(by: bridge, chain: chain)
            guard try funding.post("/v1/deposits", body: Array(try JSONEncoder().encode(DepositRequest(deposit: deposit)))) == 202 else {
                throw LoopbackHTTPClient.Failure(description: "deposit \(index) refused")
            }
        }
        let depositSlots = configuration.chain.slots(.deposit)
        let depositBlocks = UInt32((senders + depositSlots - 1) / depositSlots)
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
                let connection = try LoopbackHTTPClient(port: port.value)
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
        let highest = try await sampling.value
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
        let deadline = ContinuousClock.now + .seconds(600)
        for transfer in admitted {
            var block: UInt32?
            while block == nil {
                guard let stored = try store.transaction(hash: transfer.hash) else {
                    throw LoopbackHTTPClient.Failure(description: "admitted transfer \(transfer.hash) is not stored")
                }
                switch stored.status {
                case .verified(let number): block = number
                case .rejected(let reason): throw LoopbackHTTPClient.Failure(description: "admitted transfer \(transfer.hash) was dropped: \(reason)")
                case .pending, .committed:
                    guard ContinuousClock.now < deadline else { throw LoopbackHTTPClient.Failure(description: "admitted transfers not verified within 10 minutes") }
                    try await Task.sleep(for: .milliseconds(200))
                }
            }
            let number = block!
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
    }
}
