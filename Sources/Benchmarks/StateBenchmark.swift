import Algebra
import Primitives
import RollupTypes
import StateKeeper

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
            report(try await transferRow(name, senderStride: stride, tree: tree!, operatorKey: operatorKey, senderKeys: senderKeys))
        }
    }

    /// Sender i is account 64 + stride·i; a stride of 1 mod 64 gives it
    /// the key senderKeys[i], since account k's owner is senderKeys[k mod 64].
    func transferRow(
        _ name: String, senderStride stride: Int, tree: AccountTree, operatorKey: EdDSAPrivateKey, senderKeys: [EdDSAPrivateKey]
    ) async throws -> BenchmarkResult {
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
        let start = ContinuousClock.now
        var sealedBlocks = 0
        for transaction in signed {
            let (_, result) = try await keeper.submit(transaction)
            sealedBlocks += result.blocks.count
        }
        sealedBlocks += await keeper.tick(now: .now + .seconds(3600)).blocks.count
        let duration = (ContinuousClock.now - start).components
        let elapsed = Double(duration.seconds) * 1e9 + Double(duration.attoseconds) / 1e9
        return rate(name, elapsed / Double(signed.count), extra: [("transfers", Double(signed.count)), ("blocks", Double(sealedBlocks))])
    }
}
