import RollupTypes

/// Why a fee was too low: what it paid against the base fee of the
/// moment, and what to pay instead.
public struct FeeShortfall: Sendable, Equatable, CustomStringConvertible {
    public var type: BlockType
    public var paid: UInt128
    public var minimum: UInt128
    public var baseFee: UInt128
    /// The backlog, in blocks, that set the base fee.
    public var backlog: Int
    /// The suggested fee (GET /v1/fees) at that backlog.
    public var suggested: UInt128

    public init(type: BlockType, paid: UInt128, minimum: UInt128, baseFee: UInt128, backlog: Int, suggested: UInt128) {
        self.type = type
        self.paid = paid
        self.minimum = minimum
        self.baseFee = baseFee
        self.backlog = backlog
        self.suggested = suggested
    }

    public var description: String {
        let reason = baseFee == minimum
            ? "the minimum \(type.rawValue) fee is \(minimum)"
            : "the \(type.rawValue) base fee is \(baseFee) now (the minimum \(minimum), raised by a backlog of \(backlog) blocks)"
        return "the fee \(paid) is too low: \(reason); GET /v1/fees suggests \(suggested)"
    }
}
