import Algebra
import APIContract
import APIServer
import Foundation
import Node
import Primitives
import RollupTypes
import Storage

/// `rollup bench api --while-proving`: the node as `make run` starts it
/// (full-size circuits, one in-process prover per core) on a loopback port.
/// `senders` deposits fill its provers with full-size deposit blocks, and
/// the transfers that follow with transfer blocks; meanwhile `clients`
/// threads each alternate GET /v1/status and a POST /v1/transactions of a
/// pre-signed transfer, pausing `pause` after each, for `duration`. The row
/// `api_while_proving` gives the p50 and p99 latency of those requests,
/// with the share of the time that every prover held a block.
public struct APIWhileProvingBenchmark: Sendable {
    /// Where the full-size development keys are made once and kept.
    public var keysDirectory: String
    public var senders = 64
    public var clients = 2
    public var duration: Duration = .seconds(30)
    public var pause: Duration = .milliseconds(20)

    public init(keysDirectory: String) { self.keysDirectory = keysDirectory }

    public func run(report: (BenchmarkResult) -> Void, progress: @escaping @Sendable (String) -> Void) async throws {
        // As before admission priced the backlog: latency, not refusals.
        let loopback = try await LoopbackNode.start(name: "proving", keysDirectory: keysDirectory, progress: progress) { $0.admission = APIBenchmark.unpricedAdmission }
        try await loopback.stopping { try await measure(on: loopback, report: report, progress: progress) }
    }

    /// The run on a started node.
    private func measure(on loopback: LoopbackNode, report: (BenchmarkResult) -> Void, progress: @escaping @Sendable (String) -> Void) async throws {
        let (node, configuration) = (loopback.node, loopback.configuration)
        let store = node.context.store
        let port = loopback.port
        let chain = node.context.domain.chainID

        // Fund the senders (ids 1 … senders, in order): full-size deposit blocks for the provers.
        let keys = (0..<senders).map { _ in EdDSAPrivateKey.generate() }
        let depositBlocks = try loopback.fund(keys, amount: 1 << 60)
        while (try store.lastCommittedBlock()?.number ?? 0) < depositBlocks { try await Task.sleep(for: .milliseconds(50)) }
        progress("\(senders) senders funded in \(depositBlocks) deposit blocks; measuring for \(duration)")

        let log = LatencyLog()
        let busy = BusySampler(store: store, provers: configuration.provers, lease: Int64(configuration.proverLease / .milliseconds(1)))
        let provedBefore = try Self.provedBlocks(store)
        let (duration, pause, clients, senders) = (duration, pause, clients, senders)
        let end = ContinuousClock.now + duration
        let threads = (0..<clients).map { client in
            Thread {
                do {
                    let connection = try LoopbackHTTPClient(port: port)
                    let mine = Array(stride(from: client, to: senders, by: clients))
                    var round = 0
                    while ContinuousClock.now < end {
                        for sender in mine where ContinuousClock.now < end {
                            var sent = ContinuousClock.now
                            let answered = try connection.get("/v1/status") == 200
                            log.record(ContinuousClock.now - sent, accepted: answered)
                            let body = try APIBenchmark.transferBody(
                                from: sender + 1, to: (sender + 1) % senders + 1, nonce: round, key: keys[sender], chain: chain).body
                            sent = ContinuousClock.now
                            let status = try connection.post("/v1/transactions", body: body)
                            log.record(ContinuousClock.now - sent, accepted: status == 202)
                            Thread.sleep(forTimeInterval: Double(pause / .microseconds(1)) / 1_000_000)
                        }
                        round += 1
                    }
                } catch {
                    log.fail("\(error)")
                }
                log.finishThread()
            }
        }
        threads.forEach { $0.start() }
        busy.start(until: end)
        while log.finishedThreads < clients { try await Task.sleep(for: .milliseconds(20)) }
        let proved = try Self.provedBlocks(store) - provedBefore

        let (latencies, accepted, refused, failures) = log.snapshot
        let sorted = latencies.sorted()
        report(BenchmarkResult(name: "api_while_proving", ns: Double(sorted.isEmpty ? 0 : sorted[sorted.count / 2] / .nanoseconds(1)), extra: [
            ("p50_ms", APIBenchmark.milliseconds(sorted, 0.50)), ("p99_ms", APIBenchmark.milliseconds(sorted, 0.99)),
            ("max_ms", APIBenchmark.milliseconds(sorted, 1.0)), ("requests", Double(sorted.count)), ("ok", Double(accepted)),
            ("refused", Double(refused)), ("provers", Double(configuration.provers)), ("all_provers_busy_share", busy.share),
            ("blocks_proved", Double(proved)),
        ]))
        if let failure = failures.first { throw LoopbackHTTPClient.Failure(description: "a client failed: \(failure)") }
    }

    /// Committed blocks that have a proof (or are verified).
    static func provedBlocks(_ store: any NodeStore) throws -> Int {
        let committed = Int(try store.lastCommittedBlock()?.number ?? 0)
        return committed - (try store.proverStatus(now: UnixTime.milliseconds(), lease: 60_000, maxFailures: 3).queueDepth)
    }
}

/// Samples, every 50 ms on its own thread, whether every prover holds a block.
final class BusySampler: @unchecked Sendable {
    private let store: any NodeStore
    private let provers: Int
    private let lease: Int64
    private let lock = NSLock()
    private var samples = 0, busy = 0

    init(store: any NodeStore, provers: Int, lease: Int64) {
        self.store = store
        self.provers = provers
        self.lease = lease
    }

    func start(until end: ContinuousClock.Instant) {
        Thread {
            while ContinuousClock.now < end {
                let status = try? self.store.proverStatus(now: UnixTime.milliseconds(), lease: self.lease, maxFailures: 3)
                let working = status?.liveProvers.filter { $0.block != nil }.count ?? 0
                self.lock.lock()
                self.samples += 1
                if working >= self.provers { self.busy += 1 }
                self.lock.unlock()
                Thread.sleep(forTimeInterval: 0.05)
            }
        }.start()
    }

    /// The share of samples in which every prover held a block.
    var share: Double {
        lock.lock()
        defer { lock.unlock() }
        return samples == 0 ? 0 : Double(busy) / Double(samples)
    }
}
