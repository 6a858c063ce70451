import APIContract
import APIServer
import Algebra
import Committer
import Foundation
import Hummingbird
import Primitives
import RollupTypes
import StateKeeper
import Storage

/// `rollup bench api`: the real API on a loopback port (its own SQLite file,
/// or a scratch database on a PostgreSQL server; a 2^24-leaf tree with
/// `senders` funded accounts), and `connections`
/// client threads posting pre-signed transfers, each sender's in nonce
/// order. Reports accepted transfers per second and p50/p99 latency.
public struct APIBenchmark: Sendable {
    public var senders = 512
    public var transfersPerSender = 20
    public var connections = 32
    /// A PostgreSQL server to store on (a scratch database is made there); nil for SQLite.
    public var database: DatabaseLocation?

    public init() {}

    public func run(report: (BenchmarkResult) -> Void) async throws {
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
        let limits = HTTPLimits()
        let application = Application(
            router: APIRouter.build(context), server: limits.server, configuration: limits.configuration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in port.set(channel.localAddress?.port ?? 0) })
        let server = Task { try await application.run() }
        while port.value == 0 { try await Task.sleep(for: .milliseconds(10)) }

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
        server.cancel()

        let (latencies, accepted, refused, failures) = results.snapshot
        let sorted = latencies.sorted()
        let seconds = Double(elapsed / .milliseconds(1)) / 1000
        report(BenchmarkResult(name: "api_transfers_accepted", ns: Double(elapsed / .nanoseconds(1)) / Double(max(accepted, 1)), extra: [
            ("per_second", Double(accepted) / seconds), ("p50_ms", Self.milliseconds(sorted, 0.50)), ("p99_ms", Self.milliseconds(sorted, 0.99)),
            ("accepted", Double(accepted)), ("refused", Double(refused)), ("failures", Double(failures.count)), ("connections", Double(connections)),
        ]))
        if let failure = failures.first { throw LoopbackHTTPClient.Failure(description: "a client failed: \(failure)") }
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
