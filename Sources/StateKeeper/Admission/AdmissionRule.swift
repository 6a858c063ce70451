import RollupTypes

/// What a transaction must meet to be admitted beyond its own validity
/// (docs/PROTOCOL.md, "Fees and admission"), checked by the keeper as it
/// admits, so that concurrent submissions cannot pass a limit together:
/// - a transfer or exit is refused while the blocks not yet verified
///   (sealed after `verifiedBlock`, or to be filled by the pending
///   transactions) number `maxBacklog` or more, and when its fee is below
///   the base fee ``FeeSchedule`` gives for them and `liveProvers`;
/// - an owner-signed transaction is refused while its account has
///   `maxPendingPerAccount` pending.
///
/// `verifiedBlock` is the verified head as the caller read it: never ahead
/// of the true one, so the rule only errs on the side of refusing.
public struct AdmissionRule: Sendable, Equatable {
    public var verifiedBlock: UInt32
    public var maxBacklog: Int
    public var maxPendingPerAccount: Int
    public var fees: FeeSchedule
    public var liveProvers: Int

    public init(verifiedBlock: UInt32, maxBacklog: Int, maxPendingPerAccount: Int, fees: FeeSchedule, liveProvers: Int) {
        self.verifiedBlock = verifiedBlock
        self.maxBacklog = maxBacklog
        self.maxPendingPerAccount = maxPendingPerAccount
        self.fees = fees
        self.liveProvers = liveProvers
    }
}
