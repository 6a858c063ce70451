import APIContract
import APIServer
import Algebra
import Committer
import Foundation
import Hummingbird
import Logging
import Primitives
import RollupTypes
import ServiceLifecycle
import StateKeeper
import Storage
import Support

/// `rollup bench api`: the real API on a loopback port (its own SQLite file,
/// or a scratch database on a PostgreSQL server; a 2^24-leaf tree with
/// `senders` funded accounts), and `connections`
/// client threads posting pre-signed transfers, each sender's in nonce
/// order. Reports accepted transfers per second and p50/p99 latency.
/// With `subscribers`, it runs ``rounds`` pairs of runs in one process,
/// each without and then with that many WebSocket subscribers of `blocks`
/// and `status`, the keeper sealing blocks on its clock in all (so that
/// there are blocks to push), and reports the median of the pairs' rates
/// and ratios, the `blocks` events' latency, and the latency of the
/// `transaction` events of a sample followed by one more connection.
public struct APIBenchmark: Sendable {
    public var senders = 512
    public var transfersPerSender = 20
    public var connections = 32
    /// A PostgreSQL server to store on (a scratch database is made there); nil for SQLite.
    public var database: DatabaseLocation?
    /// WebSocket subscribers during every second run (0: one run, without).
    public var subscribers = 0
    /// Pairs of runs without and with subscribers (their ratios vary
    /// from pair to pair on a shared machine; the median is reported).
    public var rounds = 5
    /// The `rollup` executable that runs them in a process of their own at
    /// idle priority (``SubscriberProcess``): this process's own.
    public var subscriberExecutable = Bundle.main.executablePath ?? CommandLine.arguments[0]

    public init() {}

    /// One run's outcome.
    struct Measurement {
        var elapsed: Duration
        /// CPU time this process (the node and the HTTP clients, not the subscriber process) used in the measured window.
        var cpu: Duration = .zero
        var latencies: [Duration]
        var accepted: Int
        var refused: Int
        var failures: [String]
        /// What the ``EventWatch`` timed (runs with subscribers).
        var events = EventWatch.Latencies()

        var perSecond: Double { Double(accepted) / (Double(elapsed / .milliseconds(1)) / 1000) }
        var cpuMicrosecondsPerTransfer: Double { Double(cpu / .nanoseconds(1)) / 1000 / Double(max(accepted, 1)) }
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
        var pairs = [(baseline: Measurement, loaded: Measurement)]()
        for round in 0..<max(rounds, 1) {
            let plain = round == 0 ? baseline : try await measure(subscribers: 0, sealing: true)
            let loaded = try await measure(subscribers: subscribers, sealing: true)
            if let failure = (plain.failures + loaded.failures).first { throw LoopbackHTTPClient.Failure(description: "a client failed: \(failure)") }
            pairs.append((plain, loaded))
        }
        let ratios = pairs.map { $0.loaded.perSecond / max($0.baseline.perSecond, 1e-9) }.sorted()
        let loadedRates = pairs.map(\.loaded.perSecond).sorted(), baselineRates = pairs.map(\.baseline.perSecond).sorted()
        let median = { (values: [Double]) in values[values.count / 2] }
        let loadedLatencies = pairs.flatMap(\.loaded.latencies).sorted()
        report(BenchmarkResult(name: "api_with_subscribers", ns: 1e9 / max(median(loadedRates), 1e-9), extra: [
            ("per_second", median(loadedRates)), ("baseline_per_second", median(baselineRates)), ("ratio", median(ratios)),
            ("ratio_min", ratios[0]), ("ratio_max", ratios[ratios.count - 1]), ("rounds", Double(pairs.count)),
            ("p99_ms", Self.milliseconds(loadedLatencies, 0.99)), ("subscribers", Double(subscribers)),
            ("accepted", Double(pairs.map(\.loaded.accepted).reduce(0, +))),
            ("cpu_us_per_transfer", median(pairs.map(\.loaded.cpuMicrosecondsPerTransfer).sorted())),
            ("baseline_cpu_us_per_transfer", median(pairs.map(\.baseline.cpuMicrosecondsPerTransfer).sorted())),
        ]))
        let events = pairs.flatMap(\.loaded.events.blocks).sorted()
        report(BenchmarkResult(name: "ws_event_latency_p99", ns: Self.quantile(events, 0.99) * 1e6, extra: [
            ("p50_ms", Self.quantile(events, 0.5)), ("p99_ms", Self.quantile(events, 0.99)), ("max_ms", Double(events.last ?? 0)),
            ("events", Double(events.count)), ("subscribers", Double(subscribers)),
        ]))
        let pending = pairs.flatMap(\.loaded.events.pending).sorted()
        let committed = pairs.flatMap(\.loaded.events.committed).sorted()
        let all = (pending + committed).sorted()
        report(BenchmarkResult(name: "ws_transaction_event_latency_p99", ns: Self.quantile(all, 0.99) * 1e6, extra: [
            ("pending_p50_ms", Self.quantile(pending, 0.5)), ("pending_p99_ms", Self.quantile(pending, 0.99)),
            ("committed_p50_ms", Self.quantile(committed, 0.5)), ("committed_p99_ms", Self.quantile(committed, 0.99)),
            ("max_ms", Double(all.last ?? 0)), ("events", Double(all.count)),
            ("missing", Double(pairs.map(\.loaded.events.missing).reduce(0, +))),
        ]))
        // The issue's protocol case, a client subscribed to its transfers
        // and no other subscriber, under the same load of transfers: one
        // more run, outside the pairs above.
        let alone = try await measure(subscribers: 0, sealing: true, watched: true)
        if let failure = alone.failures.first { throw LoopbackHTTPClient.Failure(description: "a client failed: \(failure)") }
        let (alonePending, aloneCommitted) = (alone.events.pending, alone.events.committed)
        let aloneAll = (alonePending + aloneCommitted).sorted()
        report(BenchmarkResult(name: "ws_transaction_event_latency_one_subscriber_p99", ns: Self.quantile(aloneAll, 0.99) * 1e6, extra: [
            ("pending_p50_ms", Self.quantile(alonePending, 0.5)), ("pending_p99_ms", Self.quantile(alonePending, 0.99)),
            ("committed_p50_ms", Self.quantile(aloneCommitted, 0.5)), ("committed_p99_ms", Self.quantile(aloneCommitted, 0.99)),
            ("max_ms", Double(aloneAll.last ?? 0)), ("events", Double(aloneAll.count)), ("missing", Double(alone.events.missing)),
            ("per_second", alone.perSecond),
        ]))
    }

    /// The `q` quantile of sorted milliseconds; 0 for none.
    static func quantile(_ sorted: [Int64], _ q: Double) -> Double {
        sorted.isEmpty ? 0 : Double(sorted[min(sorted.count - 1, Int(Double(sorted.count) * q))])
    }

    /// One run, with `subscribers` WebSocket subscribers, and with the
    /// keeper's sealing clock if `sealing` (otherwise nothing seals: the run
    /// measures acceptance alone). The ``EventWatch`` times a sample's
    /// events in runs with subscribers, or if `watched`.
    func measure(subscribers: Int, sealing: Bool, watched: Bool = false) async throws -> Measurement {
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
        // Every subscriber comes from loopback: one address, allowed them all.
        var subscriptions = SubscriptionLimits()
        subscriptions.maxSocketsPerAddress = max(subscriptions.maxSocketsPerAddress, subscribers + 16)
        let context = NodeContext(
            keeper: keeper, store: store, committer: committer, verifyingKeys: [:], chain: ChainView(chain, keyHashes: [:], setups: [:]),
            admission: Self.unpricedAdmission, acceptanceLog: acceptanceLog, subscriptions: subscriptions)

        // Pre-signed bodies: signed[sender][nonce].
        let signed = try keys.enumerated().map { index, key in
            try (0..<transfersPerSender).map { nonce in
                try Self.transferBody(from: index + 1, to: (index + 1) % senders + 1, nonce: nonce, key: key, chain: chain.chainID)
            }
        }
        let bodies = signed.map { $0.map(\.body) }
        // Followed by their `transaction` events: each of the first senders' transfer in the middle of the run.
        let sample = subscribers > 0 || watched ? signed.prefix(EventWatch.capacity).map { $0[transfersPerSender / 2].hash } : []

        let port = PortBox()
        var limits = HTTPLimits()
        limits.maxConnections = max(limits.maxConnections, subscribers + connections + 16)
        limits.maxConnectionsPerAddress = limits.maxConnections  // every client of the benchmark is on 127.0.0.1
        let application = Application(
            router: APIRouter.build(context), server: limits.server(subscriptions: APIRouter.subscriptions(context), limits: context.events.limits),
            configuration: limits.configuration(address: .hostname("127.0.0.1", port: 0)),
            services: [ChainWatcher(hub: context.events, feed: context.feed, logger: Logger(label: "bench.watcher"))],
            onServerRunning: { channel in port.set(channel.localAddress?.port ?? 0) })
        let services = ServiceGroup(configuration: ServiceGroupConfiguration(services: [application], logger: Logger(label: "bench.node")))
        let server = Task { try await services.run() }
        while port.value == 0 { try await Task.sleep(for: .milliseconds(10)) }
        let load = subscribers > 0 ? try SubscriberProcess(executable: subscriberExecutable, count: subscribers, port: port.value) : nil
        let watch = subscribers > 0 || watched ? try await EventWatch(hashes: sample, port: port.value) : nil
        let sealer = sealing ? Task { await keeper.runSealing { _ in } } : nil
        defer { sealer?.cancel() }

        let results = LatencyLog()
        let start = ContinuousClock.now
        let cpuAtStart = ProcessCPUTime.now
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
        measurement.cpu = ProcessCPUTime.now - cpuAtStart
        if let watch {
            // The last blocks' events: sealed by the pipeline, stored, then pushed.
            try await Task.sleep(for: .seconds(2))
            let failed = try load?.stop() ?? 0
            measurement.events = try watch.stop(sample: sample, store: store)
            if failed > 0 { measurement.failures.append("\(failed) subscribers failed") }
        }
        // Stopped (within 5 s) before a next run measures, as SIGTERM stops a node.
        await services.triggerGracefulShutdown()
        let stopped = StoppedFlag()
        Task { _ = await server.result; stopped.set() }
        for _ in 0..<100 where !stopped.value { try await Task.sleep(for: .milliseconds(50)) }
        return measurement
    }

    /// A signed transfer of 1 with the default minimum transfer fee, as POST /v1/transactions takes it, and its hash.
    static func transferBody(from: Int, to: Int, nonce: Int, key: EdDSAPrivateKey, chain: ChainID) throws -> (body: [UInt8], hash: String) {
        let fee = FeeSchedule.defaultMinimums[.transfer] ?? 0
        let transfer = Transfer(from: try AccountID(from), to: try AccountID(to), amount: try PackedAmount(packing: 1),
                                fee: try PackedFee(packing: fee), nonce: UInt32(nonce)).signed(with: key, chain: chain)
        let json = #"{"type":"transfer","from":\#(from),"to":\#(to),"amount":"1","fee":"\#(fee)","nonce":\#(nonce),"signature":"0x\#(transfer.signature!.packed.hexString)"}"#
        return (Array(json.utf8), Transaction.transfer(transfer).hash)
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
