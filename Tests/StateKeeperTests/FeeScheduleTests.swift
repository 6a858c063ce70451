import RollupTypes
import StateKeeper
import Testing

/// The fee rule of docs/PROTOCOL.md, "Fees and admission".
struct FeeScheduleTests {
    @Test func theBaseFeeIsTheMinimumWithinTheTargetAndGrowsByNineEighthsBeyond() {
        let schedule = FeeSchedule()
        #expect(FeeSchedule.defaultMinimums == [.transfer: 10, .exit: 10])
        #expect(FeeSchedule.payingTypes == [.transfer, .exit])
        #expect(schedule.minimum(.deposit) == 0)
        // Two blocks per live prover; no provers count as one.
        #expect(FeeSchedule.target(provers: 0) == 2 && FeeSchedule.target(provers: 3) == 6)
        let fees = (0...6).map { schedule.baseFee(.transfer, backlog: $0, provers: 1) }
        #expect(fees == [10, 10, 10, 12, 14, 16, 18])  // ⌈10·9/8⌉ = 12, ⌈12·9/8⌉ = 14, ⌈14·9/8⌉ = 16, ⌈16·9/8⌉ = 18
        #expect(schedule.baseFee(.transfer, backlog: 6, provers: 3) == 10)
        // It only rises with the backlog.
        let long = (0...400).map { schedule.baseFee(.exit, backlog: $0, provers: 2) }
        #expect(zip(long, long.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(schedule.baseFee(.exit, backlog: 10_000, provers: 1) == .max)  // saturates instead of overflowing
    }

    @Test func aZeroMinimumStillRisesAndGrowthOneDisablesTheRise() {
        var schedule = FeeSchedule(minimums: [:])
        #expect(schedule.baseFee(.transfer, backlog: 2, provers: 1) == 0)
        #expect(schedule.baseFee(.transfer, backlog: 3, provers: 1) == 2)  // from 1: ⌈9/8⌉
        schedule.growth = (1, 1)
        #expect(schedule.baseFee(.transfer, backlog: 300, provers: 1) == 0)
    }

    /// The suggestion covers one more block of backlog and is a fee a transfer can carry.
    @Test func theSuggestedFeeIsPackableAndCoversOneMoreBlock() throws {
        let schedule = FeeSchedule(minimums: [.transfer: 123_456_789, .exit: 10])
        for backlog in 0...60 {
            let suggested = schedule.suggestedFee(.transfer, backlog: backlog, provers: 1)
            #expect(suggested >= schedule.baseFee(.transfer, backlog: backlog + 1, provers: 1))
            #expect(try PackedFee(packing: suggested).value == suggested, "\(suggested) at backlog \(backlog)")
        }
    }
}
