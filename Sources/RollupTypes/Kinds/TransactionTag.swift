/// The type tag that starts every signed message, id preimage and pubdata
/// chunk, so that no transaction of one type reads as another.
public enum TransactionTag: UInt8, Sendable {
    case noop = 0
    case deposit = 1
    case transfer = 2
    case exit = 3
}
