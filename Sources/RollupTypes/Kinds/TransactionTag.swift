/// The type tag that starts every signed message, id preimage and pubdata
/// chunk, so that no transaction of one type reads as another. The no-op is
/// 0; every kind declares its own in its file (`TransactionTag.transfer`).
public struct TransactionTag: RawRepresentable, Hashable, Sendable {
    public let rawValue: UInt8

    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Padding in a block.
    public static let noop = TransactionTag(rawValue: 0)
}
