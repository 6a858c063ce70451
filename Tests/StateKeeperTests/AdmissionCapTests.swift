import RollupTypes
import StateKeeper
import Testing

/// The admission rule the keeper holds as it admits: the unverified
/// backlog's cap, the base fee, and the pending transactions per account.
/// Each refuses without changing anything.
struct AdmissionCapTests {
    typealias Keeper = StateKeeperTests

    /// A rule with no minimum fee, growth 9/8 beyond two blocks (one prover), and these caps.
    static func rule(verified: UInt32 = 0, maxBacklog: Int = 100, maxPendingPerAccount: Int = 100) -> AdmissionRule {
        AdmissionRule(verifiedBlock: verified, maxBacklog: maxBacklog, maxPendingPerAccount: maxPendingPerAccount, fees: FeeSchedule(minimums: [:]), liveProvers: 1)
    }

    /// Block 1 (the funding deposits) is unverified: the backlog counts it,
    /// then each transfer block the pending transfers will fill (4 per block).
    @Test func theBacklogCapRefusesAtTheCapCountingPendingBlocks() async throws {
        let keeper = try await Keeper.funded()
        #expect(await keeper.unverifiedBlocks(verified: 0) == 1)
        #expect(await keeper.unverifiedBlocks(verified: 1) == 0)
        for nonce in UInt32(0)..<5 {  // four seal block 2 at once; the fifth opens block 3's: backlog 3
            _ = try await keeper.submit(try Keeper.transfer(1, 2, 1, fee: 2, nonce: nonce), admission: Self.rule(maxBacklog: 3))
        }
        #expect(await keeper.unverifiedBlocks(verified: 0) == 3)
        await #expect(throws: TransactionRejection.backlogFull(blocks: 3, limit: 3)) {
            try await keeper.submit(try Keeper.transfer(2, 1, 1, fee: 100, nonce: 0, key: Keeper.bob), admission: Self.rule(maxBacklog: 3))
        }
        #expect(await keeper.pendingCount == 1)
        let bob = try AccountID(2)
        #expect(await keeper.projectedAccount(bob)?.nonce == 0)
        // Deposits are not capped (the pending deposit is a fourth block), and a later verified head lets transfers in again.
        _ = try await keeper.submit(Keeper.deposit(.generate(), 5, sequence: 3), admission: Self.rule(maxBacklog: 3))
        #expect(await keeper.unverifiedBlocks(verified: 0) == 4)
        _ = try await keeper.submit(try Keeper.transfer(2, 1, 1, nonce: 0, key: Keeper.bob), admission: Self.rule(verified: 2, maxBacklog: 3))
    }

    /// Backlog 3 with one prover is one block past the target: the base fee is ⌈1 · 9/8⌉ = 2.
    @Test func theBaseFeeIsCheckedAgainstTheBacklogAsItIsAdmitted() async throws {
        let keeper = try await Keeper.funded()
        for nonce in UInt32(0)..<5 {
            _ = try await keeper.submit(try Keeper.transfer(1, 2, 1, fee: 0, nonce: nonce), admission: Self.rule())
        }
        let shortfall = FeeShortfall(type: .transfer, paid: 1, minimum: 0, baseFee: 2, backlog: 3, suggested: 3)
        await #expect(throws: TransactionRejection.feeTooLow(shortfall)) {
            try await keeper.submit(try Keeper.transfer(2, 1, 1, fee: 1, nonce: 0, key: Keeper.bob), admission: Self.rule())
        }
        #expect(shortfall.description == "the fee 1 is too low: the transfer base fee is 2 now (the minimum 0, raised by a backlog of 3 blocks); GET /v1/fees suggests 3")
        _ = try await keeper.submit(try Keeper.transfer(2, 1, 1, fee: 2, nonce: 0, key: Keeper.bob), admission: Self.rule())
        // With the blocks verified, the base fee is back to the minimum.
        _ = try await keeper.submit(try Keeper.transfer(2, 1, 1, fee: 0, nonce: 1, key: Keeper.bob), admission: Self.rule(verified: 2))
    }

    @Test func thePerAccountCapCountsPendingNoncesOnly() async throws {
        let keeper = try await Keeper.funded()
        let start = Keeper.clock.now
        let rule = Self.rule(maxPendingPerAccount: 2)
        for nonce in UInt32(0)..<2 {
            _ = try await keeper.submit(try Keeper.transfer(1, 2, 1, nonce: nonce), now: start, admission: rule)
        }
        await #expect(throws: TransactionRejection.tooManyPending(try AccountID(1), limit: 2)) {
            try await keeper.submit(try Keeper.transfer(1, 2, 1, nonce: 2), now: start, admission: rule)
        }
        // Bob is not held back by Alice; once hers are sealed, she may send again.
        _ = try await keeper.submit(try Keeper.transfer(2, 1, 1, nonce: 0, key: Keeper.bob), now: start, admission: rule)
        #expect(await keeper.tick(now: start + .seconds(60)).blocks.count == 1)
        _ = try await keeper.submit(try Keeper.transfer(1, 2, 1, nonce: 2), now: start, admission: rule)
    }
}
