import APIContract
import APIServer
import Algebra
import Committer
import Foundation
import Hummingbird
import Logging
import Primitives
import RollupTypes
import StateKeeper
import Storage

/// `rollup bench api`: the real API on a loopback port (its own SQLite file,
/// or a scratch database on a PostgreSQL server; a 2^24-leaf tree with
/// `senders` funded accounts), and `connections`
/// client threads posting pre-signed transfers, each sender's in nonce
/// order. Reports accepted transfers per second and p50/p99 latency.
/// With `subscribers`, it runs twice in one process, without and then with
/// that many WebSocket subscribers of `blocks` and `status`, the keeper
/// sealing blocks on its clock in both (so that there are blocks to push),
/// and reports the second run's rate against the first and the events'
/// latency.
public struct APIBenchmark: Sendable {
    public var senders = 512
    public var transfersPerSender = 20
    public var connections = 32
    /// A PostgreSQL server to store on (a scratch database is made there); nil for SQLite.
    public var database: DatabaseLocation?
    /// WebSocket subscribers during a second run (0: one run, without).
    public var subscribers = 0
    /// The `rollup` executable that runs them in a process of their own at
    /// the lowest priority (``SubscriberProcess``); nil: in this process.
    public var subscriberExecutable: String?

    public init() {}

    /// One run's outcome.
    struct Measurement {
        var elapsed: Duration
        var latencies: [Duration]
        var accepted: Int
        var refused: Int
        var failures: [String]
        /// Milliseconds from a block's storage to its arrival, per subscriber and block, sorted.
        var eventLatencies: [Int64] = []

        var perSecond: Double { Double(accepted) / (Double(elapsed / .milliseconds(1)) / 1000) }
    }

    public func run(report: (BenchmarkResult) -> Void) async throws {
        let baseline = try await measure(subscribers: 0, sealing: subscribers > 0)
        let sorted = baseline.latencies.sorted()
        report(BenchmarkResult(name: "api_transfers_accepted", ns: Double(baseline.elapsed / .nanoseconds(1)) / Double(max(baseline.accepted, 1)), extra: [
            ("per_second", baseline.perSecond), ("p50_ms", Self.milliseconds(sorted, 0.50)), ("p99_ms", Self.milliseconds(sorted, 0.99)),
            ("accepted", Double(baseline.accepted)), ("refused", Double(baseline.refused)), ("failures", Double(baseline.failures.count)),
            ("connections", Double(connections)), ("sealing", subscribers > 0 ? 1 : 0),
        ]))
        if let failure = baseline.failures.first { throw LoopbackHTTPClient.Failure(description: "a client failed: \(failure)") }
        guard subscribers > 0 else { return }
        let loaded = try await measure(subscribers: subscribers, sealing: true)
        let loadedSorted = loaded.latencies.sorted()
        report(BenchmarkResult(name: "api_with_subscribers", ns: Double(loaded.elapsed / .nanoseconds(1)) / Double(max(loaded.accepted, 1)), extra: [
            ("per_second", loaded.perSecond), ("baseline_per_second", baseline.perSecond), ("ratio", loaded.perSecond / max(baseline.perSecond, 1e-9)),
            ("p99_ms", Self.milliseconds(loadedSorted, 0.99)), ("subscribers", Double(subscribers)), ("accepted", Double(loaded.accepted)),
        ]))
        let events = loaded.eventLatencies
        func quantile(_ q: Double) -> Double { events.isEmpty ? 0 : Double(events[min(events.count - 1, Int(Double(events.count) * q))]) }
        report(BenchmarkResult(name: "ws_event_latency_p99", ns: quantile(0.99) * 1e6, extra: [
            ("p50_ms", quantile(0.5)), ("p99_ms", quantile(0.99)), ("max_ms", Double(events.last ?? 0)), ("events", Double(events.count)),
            ("subscribers", Double(subscribers)),
        ]))
        if let failure = loaded.failures.first { throw LoopbackHTTPClient.Failure(description: "a client failed: \(failure)") }
    }

    /// One run, with `subscribers` WebSocket subscribers, and with the
    /// keeper's sealing clock if `sealing` (otherwise nothing seals: the run
    /// measures acceptance alone).
    func measure(subscribers: Int, sealing: Bool) async throws -> Measurement {
        let scratch = try ScratchDatabase(on: database, name: "api.sqlite")
        defer { scratch.remove() }

        let operatorKey = EdDSAPrivateKey.generate()
        let keys = (0..<senders).map { _ in EdDSAPrivateKey.generate() }
        let chain = try ChainConfiguration.genesis(
            parameters: .production, operatorKey: operatorKey.publicKey, bridgePublicKey: Ed25519SigningKey.generate().publicKey)
        var configuration = StateKeeperConfiguration(chain)
        configuration.pipelinedSealing = true
        var accounts = [(AccountID.feeAccount, Account(publicKey: operatorKey.publicKey))]
        for (index, key) in keys.enumerated() { accounts.append((try AccountID(index + 1), Account(publicKey: key.publicKey, balance: 1 << 60))) }
        let store = try DatabaseStore(scratch.location)
        try store.initialize(chain)
        let keeper = try RollupStateKeeper(
            configuration: configuration, tree: try AccountTree(depth: configuration.chain.treeDepth, accounts: accounts), nextBlockNumber: 1, spentSequences: [])
        let acceptanceLog = AcceptanceLog(store: store)
        let committer = BlockCommitter(store: store, chain: chain, verifyingKeys: [:], acceptanceLog: acceptanceLog)
        await keeper.setBlockSink { try committer.record($0) }
        let context = NodeContext(
            keeper: keeper, store: store, committer: committer, verifyingKeys: [:], chain: ChainView(chain, keyHashes: [:], setups: [:]),
            admission: Self.unpricedAdmission, acceptanceLog: acceptanceLog)

        // Pre-signed bodies: bodies[sender][nonce].
        let bodies: [[[UInt8]]] = try keys.enumerated().map { index, key in
            try (0..<transfersPerSender).map { nonce in
                try Self.transferBody(from: index + 1, to: (index + 1) % senders + 1, nonce: nonce, key: key, chain: chain.chainID)
            }
        }

        let port = PortBox()
        var limits = HTTPLimits()
        limits.maxConnections = max(limits.maxConnections, subscribers + connections + 16)
        let application = Application(
            router: APIRouter.build(context), server: limits.server(subscriptions: APIRouter.subscriptions(context)),
            configuration: limits.configuration(address: .hostname("127.0.0.1", port: 0)),
            services: [ChainWatcher(hub: context.events, feed: context.feed, logger: Logger(label: "bench.watcher"))],
            onServerRunning: { channel in port.set(channel.localAddress?.port ?? 0) })
        let server = Task { try await application.run() }
        while port.value == 0 { try await Task.sleep(for: .milliseconds(10)) }
        let load = subscribers > 0 ? try await Subscribers.start(count: subscribers, port: port.value, executable: subscriberExecutable) : nil
        let sealer = sealing ? Task { await keeper.runSealing { _ in } } : nil
        defer { sealer?.cancel() }

        let results = LatencyLog()
        let start = ContinuousClock.now
        let threads = (0..<connections).map { connection in
            Thread {
                do {
                    let client = try LoopbackHTTPClient(port: port.value)
                    let mine = Array(stride(from: connection, to: bodies.count, by: connections))
                    for nonce in 0..<transfersPerSender {
                        for sender in mine {
                            let sent = ContinuousClock.now
                            let status = try client.post("/v1/transactions", body: bodies[sender][nonce])
                            results.record(ContinuousClock.now - sent, accepted: status == 202)
                        }
                    }
                } catch {
                    results.fail("\(error)")
                }
                results.finishThread()
            }
        }
        threads.forEach { $0.start() }
        while results.finishedThreads < connections { try await Task.sleep(for: .milliseconds(5)) }
        let elapsed = ContinuousClock.now - start
        let (latencies, accepted, refused, failures) = results.snapshot
        var measurement = Measurement(elapsed: elapsed, latencies: latencies, accepted: accepted, refused: refused, failures: failures)
        if let load {
            // The last blocks' events: sealed by the pipeline, stored, then pushed.
            try await Task.sleep(for: .seconds(2))
            let (arrivals, failed) = try load.stop()
            measurement.eventLatencies = try SubscriberLoad.latencies(arrivals, in: store)
            if failed > 0 { measurement.failures.append("\(failed) subscribers failed") }
        }
        // Stopped (within 5 s) before a next run measures.
        server.cancel()
        let stopped = StoppedFlag()
        Task { _ = await server.result; stopped.set() }
        for _ in 0..<100 where !stopped.value { try await Task.sleep(for: .milliseconds(50)) }
        return measurement
    }

    /// A signed transfer of 1 with the default minimum transfer fee, as POST /v1/transactions takes it.
    static func transferBody(from: Int, to: Int, nonce: Int, key: EdDSAPrivateKey, chain: ChainID) throws -> [UInt8] {
        let fee = FeeSchedule.defaultMinimums[.transfer] ?? 0
        let transfer = Transfer(from: try AccountID(from), to: try AccountID(to), amount: try PackedAmount(packing: 1),
                                fee: try PackedFee(packing: fee), nonce: UInt32(nonce)).signed(with: key, chain: chain)
        let json = #"{"type":"transfer","from":\#(from),"to":\#(to),"amount":"1","fee":"\#(fee)","nonce":\#(nonce),"signature":"0x\#(transfer.signature!.packed.hexString)"}"#
        return Array(json.utf8)
    }

    /// Admission for benchmarks of the API itself: the default minimum fees,
    /// but no price, cap or per-account limit on the backlog that a node
    /// without provers builds (blocks seal, nothing verifies them).
    static var unpricedAdmission: AdmissionControl.Limits {
        var limits = AdmissionControl.Limits()
        limits.fees.growth = (1, 1)
        limits.maxBacklog = .max
        limits.maxPendingPerAccount = .max
        return limits
    }

    static func milliseconds(_ sorted: [Duration], _ quantile: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        return Double(sorted[min(sorted.count - 1, Int(Double(sorted.count) * quantile))] / .microseconds(1)) / 1000
    }
}

/// The subscribers of a run, in this process or in their own.
enum Subscribers {
    case inProcess(SubscriberLoad)
    case process(SubscriberProcess)

    static func start(count: Int, port: Int, executable: String?) async throws -> Subscribers {
        if let executable { return .process(try SubscriberProcess(executable: executable, count: count, port: port)) }
        return .inProcess(try await SubscriberLoad(count: count, port: port))
    }

    /// Stops them; what arrived when, and how many failed.
    func stop() throws -> (arrivals: [(block: UInt32, at: Int64)], failures: Int) {
        switch self {
        case .inProcess(let load):
            defer { load.close() }
            return load.record
        case .process(let process):
            return try process.stop()
        }
    }
}

/// Whether the server has stopped.
private final class StoppedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var stopped = false
    var value: Bool { lock.withLock { stopped } }
    func set() { lock.withLock { stopped = true } }
}

/// The port the server bound, set once it runs.
final class PortBox: @unchecked Sendable {
    private let lock = NSLock()
    private var port = 0
    var value: Int { lock.lock(); defer { lock.unlock() }; return port }
    func set(_ value: Int) { lock.lock(); port = value; lock.unlock() }
}

/// Latencies and outcomes from the client threads.
final class LatencyLog: @unchecked Sendable {
    private let lock = NSLock()
    private var latencies = [Duration]()
    private var accepted = 0, refused = 0
    private var failures = [String]()
    private var finished = 0

    func record(_ latency: Duration, accepted wasAccepted: Bool) {
        lock.lock()
        latencies.append(latency)
        if wasAccepted { accepted += 1 } else { refused += 1 }
        lock.unlock()
    }

    func fail(_ message: String) { lock.lock(); failures.append(message); lock.unlock() }
    func finishThread() { lock.lock(); finished += 1; lock.unlock() }
    var finishedThreads: Int { lock.lock(); defer { lock.unlock() }; return finished }
    var snapshot: ([Duration], Int, Int, [String]) { lock.lock(); defer { lock.unlock() }; return (latencies, accepted, refused, failures) }
}
