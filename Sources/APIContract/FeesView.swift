import RollupTypes

/// GET /v1/fees: what a transaction of each paying kind must pay now, what
/// to pay, and how far proving is behind (docs/PROTOCOL.md, "Fees and
/// admission"). Amounts are decimal strings.
public struct FeesView: Codable, Sendable, Equatable {
    /// One paying block type's fees.
    public struct Fees: Codable, Sendable, Equatable {
        /// The operator's minimum (`rollup node --min-fee`).
        public var minimum: String
        /// The least fee admitted now: the minimum, raised by the backlog.
        public var baseFee: String
        /// What a wallet should pay: the base fee one block of backlog further, packable.
        public var suggestedFee: String
        /// Seconds until a transaction of this type sent now is verified:
        /// the later of its block's seal (at the latest) and the provers'
        /// way through the backlog, plus its own block (docs/PROTOCOL.md,
        /// "Fees and admission").
        public var expectedSecondsToVerification: Double

        public init(minimum: String, baseFee: String, suggestedFee: String, expectedSecondsToVerification: Double) {
            self.minimum = minimum
            self.baseFee = baseFee
            self.suggestedFee = suggestedFee
            self.expectedSecondsToVerification = expectedSecondsToVerification
        }
    }

    /// By paying block type ("transfer", "exit").
    public var fees: [String: Fees]
    /// Blocks not yet verified: those committed, and those the pending
    /// transactions will fill.
    public var backlogBlocks: Int
    /// The backlog within which the base fee is the minimum (2 per live prover).
    public var targetBacklogBlocks: Int
    /// The most backlog a transfer or exit may leave once admitted; at it
    /// they are refused (503 `backlog_full`).
    public var maxBacklogBlocks: Int
    /// Provers with a live heartbeat.
    public var liveProvers: Int
    /// The mean time of recent proofs, in seconds (an estimate until one is measured).
    public var proofSeconds: Double
    /// The most of the paying types' ``Fees/expectedSecondsToVerification``.
    public var expectedSecondsToVerification: Double
    /// "node": the node's own figures; "upstream": a follower's copy of its upstream's.
    public var source: String

    public init(
        fees: [String: Fees], backlogBlocks: Int, targetBacklogBlocks: Int, maxBacklogBlocks: Int, liveProvers: Int, proofSeconds: Double,
        expectedSecondsToVerification: Double, source: String
    ) {
        self.fees = fees
        self.backlogBlocks = backlogBlocks
        self.targetBacklogBlocks = targetBacklogBlocks
        self.maxBacklogBlocks = maxBacklogBlocks
        self.liveProvers = liveProvers
        self.proofSeconds = proofSeconds
        self.expectedSecondsToVerification = expectedSecondsToVerification
        self.source = source
    }
}

extension FeesView {
    /// Whether it holds what a node states: each fee a decimal amount
    /// (2^128 − 1 at most), under paying block types only, and finite,
    /// non-negative figures. A follower re-serves nothing else.
    public var isWellFormed: Bool {
        let paying = Set(BlockType.allCases.filter { TransactionKinds.kind(of: $0).paysFees }.map(\.rawValue))
        let amounts = fees.values.flatMap { [$0.minimum, $0.baseFee, $0.suggestedFee] }
        return fees.count <= paying.count && fees.keys.allSatisfy(paying.contains)
            && amounts.allSatisfy { $0.count <= 39 && !$0.isEmpty && $0.allSatisfy { ("0"..."9").contains($0) } && UInt128($0) != nil }
            && [backlogBlocks, targetBacklogBlocks, maxBacklogBlocks, liveProvers].allSatisfy { $0 >= 0 }
            && ([proofSeconds, expectedSecondsToVerification] + fees.values.map(\.expectedSecondsToVerification)).allSatisfy { $0.isFinite && $0 >= 0 }
            && ["node", "upstream"].contains(source)
    }
}
