import Algebra
import Circuits
import Primitives
import R1CS
import RollupTypes
import StateKeeper
import Support
import Testing

/// The state keeper never seals what the circuits refuse: random streams of
/// valid and invalid deposits, transfers and exits, with balances and the
/// fee account close to 2^128, run through a keeper on a small tree, and
/// every block it seals must satisfy its circuit.
struct KeeperCircuitAgreementTests {
    typealias Fixture = BlockFixture

    /// One stream: what it sealed and refused.
    struct Outcome {
        var blocks = 0
        var refusals: [String: Int] = [:]
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func everySealedBlockSatisfiesItsCircuit(seed: UInt64) async throws {
        var random = SeededRandom(seed: seed)
        let keys = [Fixture.operatorKey, Fixture.alice, Fixture.bob] + (0..<3).map { _ in EdDSAPrivateKey.generate() }
        let nearMax = UInt128.max - 5_000
        let keeper = try RollupStateKeeper(configuration: Self.configuration(), tree: try AccountTree(depth: Fixture.parameters.treeDepth, accounts: [
            (AccountID.feeAccount, Account(publicKey: Fixture.operatorKey.publicKey, balance: nearMax)),
            (try AccountID(1), Account(publicKey: Fixture.alice.publicKey, balance: UInt128.max / 2)),
            (try AccountID(2), Account(publicKey: Fixture.bob.publicKey, balance: 1_000_000)),
        ]), nextBlockNumber: 1, spentSequences: [])
        var owners: [Int: EdDSAPrivateKey] = [0: keys[0], 1: keys[1], 2: keys[2]]
        var outcome = Outcome()
        var now = Fixture.clock.now
        var sequence: UInt64 = 0

        func check(_ blocks: [SealedBlock]) throws {
            for block in blocks {
                let cs = try ConstraintChecker(BlockCircuits.circuit(for: block, Fixture.parameters))
                let unsatisfied = cs.whichIsUnsatisfied
                #expect(unsatisfied == nil, "seed \(seed), block \(block.number) (\(block.type)) breaks \(unsatisfied ?? "")")
                outcome.blocks += 1
            }
        }

        for _ in 0..<120 {
            let action = Int.random(in: 0..<10, using: &random)
            if action == 9 {
                now += .seconds(Int.random(in: 0...1, using: &random) == 0 ? 1 : 3600)
                try check(await keeper.tick(now: now).blocks)
                continue
            }
            let transaction: Transaction
            let ids = owners.keys.sorted()
            let from = ids.randomElement(using: &random)!
            let nonce = (await keeper.projectedAccount(try AccountID(from))?.nonce ?? 0) &+ (Int.random(in: 0..<10, using: &random) == 0 ? 1 : 0)
            let signer = Int.random(in: 0..<20, using: &random) == 0 ? keys.randomElement(using: &random)! : owners[from]!
            let fee = try PackedFee(packing: Self.packable(mantissaBits: 11, maxExponent: 3, using: &random))
            switch action {
            case 0...4:
                let to = action == 4 ? 0 : Int.random(in: 0...(ids.last! + 1), using: &random)
                let amount = try PackedAmount(packing: Self.packable(mantissaBits: 35, maxExponent: 27, using: &random))
                transaction = .transfer(Transfer(from: try AccountID(from), to: try AccountID(to), amount: amount, fee: fee, nonce: nonce).signed(with: signer, chain: Fixture.chainID))
            case 5, 6:
                let amount = Self.packable(mantissaBits: 35, maxExponent: 27, using: &random) >> UInt128(Int.random(in: 0...100, using: &random))
                transaction = .exit(try Exit(account: try AccountID(from), amount: amount, fee: fee, nonce: nonce, l1Address: [UInt8](repeating: 7, count: 20)).signed(with: signer, chain: Fixture.chainID))
            default:
                sequence += 1
                let amount = action == 7 ? UInt128.max >> UInt128(Int.random(in: 0...100, using: &random)) : UInt128.random(in: 1...1_000, using: &random)
                let topUp = ids.count >= 15 || Int.random(in: 0...1, using: &random) == 0
                let account = topUp ? ids.randomElement(using: &random)! : nil
                let key = account.map { owners[$0]! } ?? keys.randomElement(using: &random)!
                transaction = .deposit(Deposit(account: try account.map { try AccountID($0) }, publicKey: key.publicKey, amount: amount, bridgeSequence: sequence).signed(by: Fixture.bridge, chain: Fixture.chainID))
            }
            do {
                let (receipt, sealed) = try await keeper.submit(transaction, now: now)
                if let id = receipt.account, let deposit = transaction.kind as? Deposit {
                    owners[Int(id.value)] = keys.first { $0.publicKey == deposit.publicKey }
                }
                try check(sealed.blocks)
            } catch {
                outcome.refusals["\(error)".components(separatedBy: " ").prefix(3).joined(separator: " "), default: 0] += 1
            }
        }
        try check(await keeper.tick(now: now + .seconds(3600)).blocks)
        #expect(outcome.blocks >= 10, "seed \(seed): only \(outcome.blocks) blocks sealed")
        #expect(outcome.refusals.keys.contains { $0.hasPrefix("account 0's balance") }, "seed \(seed): no fee-account overflow was tried: \(outcome.refusals)")
    }

    static func configuration() -> StateKeeperConfiguration {
        StateKeeperConfiguration(try! Fixture.chain())
    }

    /// mantissa · 10^exponent with a random mantissa below 2^mantissaBits.
    static func packable(mantissaBits: Int, maxExponent: Int, using random: inout SeededRandom) -> UInt128 {
        var value = UInt128(UInt64.random(in: 0..<(1 << UInt64(mantissaBits)), using: &random))
        for _ in 0..<Int.random(in: 0...maxExponent, using: &random) { value *= 10 }
        return value
    }
}
