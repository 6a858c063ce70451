import Foundation
import Algebra
import Primitives
import RollupTypes
import StateKeeper
import Support

/// `rollup bench state`: Poseidon and EdDSA rates, and transfers applied
/// per second by the state keeper on a depth-24 (12 levels of 4) tree of 100k accounts, each
/// with its signature checked and its leaves updated.
public struct StateBenchmark: Sendable {
    public var accounts = 100_000
    public var transfers = 2_000
    public var treeDepth = 24

    public init() {}

    public func run(report: (BenchmarkResult) -> Void) async throws {
        var generator = SeededRandom(seed: 4)
        let a = Fr.random(using: &generator), b = Fr.random(using: &generator)
        let poseidon2 = BenchmarkClock.perOperation(iterations: 20_000) { n in
            var acc = a
            for _ in 0..<n { acc = Poseidon.hash(acc, b) }
            blackHole(acc)
        }
        report(rate("poseidon2", poseidon2))
        let poseidon4 = BenchmarkClock.perOperation(iterations: 10_000) { n in
            var acc = a
            for _ in 0..<n { acc = Poseidon.hash(acc, b, a, b) }
            blackHole(acc)
        }
        report(rate("poseidon4", poseidon4))
        // What a process pays once, at its first hash: every width's constants made.
        let constants = (0..<3).map { _ in BenchmarkClock.time { blackHole((2...7).map { PoseidonParameters(width: $0) }.count) } }.min()!
        report(BenchmarkResult(name: "poseidon_constants_made", ns: constants))

        let key = EdDSAPrivateKey.generate()
        let message = Fr.random(using: &generator)
        let signature = key.sign(message)
        report(rate("eddsa_sign", BenchmarkClock.perOperation(iterations: 200) { n in
            for index in 0..<n { blackHole(key.sign(message + Fr(UInt64(index)))) }
        }))
        report(rate("eddsa_verify", BenchmarkClock.perOperation(iterations: 200) { n in
            for _ in 0..<n { blackHole(EdDSAVerifier.verify(message, signature: signature, key: key.publicKey)) }
        }))

        try await transferRows(report: report)
    }

    func rate(_ name: String, _ ns: Double, extra: [(String, Double)] = []) -> BenchmarkResult {
        BenchmarkResult(name: name, ns: ns, extra: [("per_second", 1e9 / ns)] + extra)
    }

    /// Two rows over the same 100k accounts, each with a fresh keeper:
    /// `transfer_applied` with its 64 senders spread over the accounts (64 +
    /// 1,537·i), `transfer_applied_clustered` with them neighbours (64 … 127),
    /// whose paths share all but their lowest levels. Each sender signs its
    /// own nonce sequence; recipients spread over the whole tree.
    func transferRows(report: (BenchmarkResult) -> Void) async throws {
        let operatorKey = EdDSAPrivateKey.generate()
        let senderKeys = (0..<64).map { _ in EdDSAPrivateKey.generate() }
        var accounts = [(AccountID, Account)]()
        accounts.reserveCapacity(self.accounts + 1)
        accounts.append((.feeAccount, Account(publicKey: operatorKey.publicKey)))
        for index in 1...self.accounts {
            let owner = senderKeys[index % senderKeys.count].publicKey
            accounts.append((try AccountID(index), Account(publicKey: owner, balance: 1_000_000_000)))
        }
        var tree: AccountTree?
        let build = BenchmarkClock.time { tree = try? AccountTree(depth: treeDepth, accounts: accounts) }
        report(BenchmarkResult(name: "tree_build", ns: build, extra: [("accounts", Double(self.accounts))]))
        for (name, stride) in [("transfer_applied", 1_537), ("transfer_applied_clustered", 1)] {
            report(try await transferRow(name, senderStride: stride, tree: tree!, operatorKey: operatorKey, senderKeys: senderKeys).transfers)
        }
        // The same transfers again, looked up by key meanwhile.
        let busy = try await transferRow(
            "transfer_applied", senderStride: 1_537, tree: tree!, operatorKey: operatorKey, senderKeys: senderKeys, lookingUp: senderKeys.map(\.publicKey))
        if let lookups = busy.lookups { report(lookups) }
    }

    /// `by_key_lookup`: the latency of `GET /v1/accounts/by-key`'s lookup
    /// (the keeper's key index, read without the actor) while the keeper
    /// is busy admitting and sealing, over 100k accounts: `ns` is the p50,
    /// with the p99, the maximum, and the transfers applied per second
    /// meanwhile.
    /// Set once the transfers are done; the lookups then stop.
    final class StopFlag: @unchecked Sendable {
        private let lock = NSLock()
        private var stopped = false
        var isSet: Bool { lock.withLock { stopped } }
        func set() { lock.withLock { stopped = true } }
    }

    /// Looks `keys` up in turn, one every 20 µs or so, until `stop` is set
    /// (at least 1,000 times, at most 10^6), giving each lookup's
    /// nanoseconds: the lookups span the whole run of transfers.
    static func lookUp(_ keys: [EdDSAPublicKey], in keeper: RollupStateKeeper, until stop: StopFlag) -> [Double] {
        var samples = [Double]()
        var index = 0
        while (!stop.isSet || samples.count < 1_000) && samples.count < 1_000_000 {
            let key = keys[index % keys.count]
            index += 1
            let start = ContinuousClock.now
            let found = keeper.firstAccount(withKey: key)
            let duration = (ContinuousClock.now - start).components
            precondition(found != nil, "every benchmark key has accounts")
            samples.append(Double(duration.seconds) * 1e9 + Double(duration.attoseconds) / 1e9)
            usleep(20)
        }
        return samples
    }

    /// Sender i is account 64 + stride·i; a stride of 1 mod 64 gives it
    /// the key senderKeys[i], since account k's owner is senderKeys[k mod 64].
    ///
    /// With `lookingUp` keys, a thread of its own looks them up in turn
    /// while the transfers are admitted and sealed (``lookUp``), giving the
    /// `by_key_lookup` row too.
    func transferRow(
        _ name: String, senderStride stride: Int, tree: AccountTree, operatorKey: EdDSAPrivateKey, senderKeys: [EdDSAPrivateKey],
        lookingUp keys: [EdDSAPublicKey] = []
    ) async throws -> (transfers: BenchmarkResult, lookups: BenchmarkResult?) {
        precondition(stride % 64 == 1 && 64 + 63 * stride <= accounts, "senders must exist and own their keys")
        let chain = try ChainConfiguration.genesis(
            parameters: try ChainParameters(treeDepth: treeDepth, blockSize: 8), operatorKey: operatorKey.publicKey,
            bridgePublicKey: Ed25519SigningKey.generate().publicKey)
        let keeper = try RollupStateKeeper(configuration: StateKeeperConfiguration(chain), tree: tree, nextBlockNumber: 1, spentSequences: [])
        var nonces = [UInt32](repeating: 0, count: 64)
        var signed = [Transaction]()
        for index in 0..<transfers {
            let sender = index % 64
            let recipient = 1 + (index * 7919) % self.accounts
            let from = try AccountID(64 + stride * sender)
            guard recipient != Int(from.value) else { continue }
            let transfer = Transfer(from: from, to: try AccountID(recipient), amount: try PackedAmount(packing: 1000),
                                    fee: try PackedFee(packing: 1), nonce: nonces[sender])
            nonces[sender] += 1
            signed.append(.transfer(transfer.signed(with: senderKeys[sender], chain: chain.chainID)))
        }
        let stop = StopFlag()
        let lookups = keys.isEmpty ? nil : Task { try await DedicatedThread.run(name: "bench.lookups", priority: .normal) { Self.lookUp(keys, in: keeper, until: stop) } }
        let start = ContinuousClock.now
        var sealedBlocks = 0
        for transaction in signed {
            let (_, result) = try await keeper.submit(transaction)
            sealedBlocks += result.blocks.count
        }
        sealedBlocks += await keeper.tick(now: .now + .seconds(3600)).blocks.count
        let duration = (ContinuousClock.now - start).components
        let elapsed = Double(duration.seconds) * 1e9 + Double(duration.attoseconds) / 1e9
        let transfers = rate(name, elapsed / Double(signed.count), extra: [("transfers", Double(signed.count)), ("blocks", Double(sealedBlocks))])
        guard let lookups else { return (transfers, nil) }
        stop.set()
        let sorted = try await lookups.value.sorted()
        func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
        return (transfers, BenchmarkResult(
            name: "by_key_lookup", ns: percentile(0.5),
            extra: [
                ("p99_ns", percentile(0.99)), ("max_ns", sorted.last ?? 0), ("lookups", Double(sorted.count)), ("accounts", Double(accounts)),
                ("transfers_per_second_meanwhile", 1e9 / transfers.ns),
            ]))
    }
}
