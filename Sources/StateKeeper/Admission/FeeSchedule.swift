import RollupTypes

/// What a paying transaction must pay to be admitted, and what wallets are
/// told to pay (GET /v1/fees), in the spirit of EIP-1559: the operator's
/// minimum per paying block type (`rollup node --min-fee`), raised by the
/// backlog of committed blocks not yet verified. While the backlog is
/// within its target, ``targetBlocksPerProver`` blocks per live prover, the
/// base fee is the minimum; each block beyond it multiplies the base fee
/// by 9/8, rounded up (from at least 1), so the fee rises while proving
/// falls behind and falls back as the backlog drains. The suggested fee is
/// the base fee one block further, rounded up to a packable fee, so that a
/// transaction sent with it is still admitted if one more block seals
/// first.
public struct FeeSchedule: Sendable, Equatable {
    /// The minimum fee per paying block type; a type not listed has none.
    public var minimums: [BlockType: UInt128]
    /// The factor per block of backlog beyond the target, as numerator over
    /// denominator: 9/8 (the largest step of EIP-1559's base fee). 1/1
    /// prices no backlog (benchmarks of the API alone).
    public var growth: (numerator: UInt128, denominator: UInt128) = (9, 8)

    public static func == (left: FeeSchedule, right: FeeSchedule) -> Bool {
        left.minimums == right.minimums && left.growth == right.growth
    }

    /// The defaults: 10 for transfers and for exits.
    public static let defaultMinimums: [BlockType: UInt128] = Dictionary(uniqueKeysWithValues: payingTypes.map { ($0, 10) })

    /// Backlog blocks per live prover that cost nothing above the minimum.
    public static let targetBlocksPerProver = 2

    /// The block types whose transactions pay fees, in registry order.
    public static var payingTypes: [BlockType] { BlockType.allCases.filter { TransactionKinds.kind(of: $0).paysFees } }

    public init(minimums: [BlockType: UInt128] = FeeSchedule.defaultMinimums) {
        self.minimums = minimums
    }

    /// The operator's minimum for `type`.
    public func minimum(_ type: BlockType) -> UInt128 { minimums[type] ?? 0 }

    /// The backlog, in blocks, within which the base fee is the minimum.
    public static func target(provers: Int) -> Int { targetBlocksPerProver * max(1, provers) }

    /// The least fee a `type` transaction must pay now, with `backlog`
    /// committed blocks not verified and `provers` live provers.
    public func baseFee(_ type: BlockType, backlog: Int, provers: Int) -> UInt128 {
        let steps = min(max(0, backlog - Self.target(provers: provers)), 1_024)
        guard steps > 0 else { return minimum(type) }
        guard growth.numerator > growth.denominator, growth.denominator > 0 else { return minimum(type) }
        var fee = max(minimum(type), 1)
        for _ in 0..<steps {
            let (scaled, overflow) = fee.multipliedReportingOverflow(by: growth.numerator)
            guard !overflow else { return .max }
            fee = scaled / growth.denominator + (scaled % growth.denominator == 0 ? 0 : 1)
        }
        return fee
    }

    /// The fee to suggest: the base fee with one more block of backlog,
    /// rounded up to a value ``PackedFee`` holds.
    public func suggestedFee(_ type: BlockType, backlog: Int, provers: Int) -> UInt128 {
        let fee = baseFee(type, backlog: backlog + 1, provers: provers)
        return PackedFee.packableCeiling(of: fee) ?? PackedFee.closestPackable(to: fee)
    }
}
