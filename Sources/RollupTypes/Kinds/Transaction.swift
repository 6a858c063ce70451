import Algebra

/// Any transaction the rollup sequences.
public enum Transaction: Equatable, Sendable {
    case deposit(Deposit)
    case transfer(Transfer)
    case exit(Exit)
    /// Padding in a block: changes nothing.
    case noop

    /// The id: SHA-256 of the type's id preimage (docs/PROTOCOL.md), as
    /// "0x" and 64 hex digits.
    public var hash: String {
        let preimage: [UInt8]
        switch self {
        case .deposit(let deposit): preimage = deposit.idPreimage
        case .transfer(let transfer): preimage = transfer.idPreimage
        case .exit(let exit): preimage = exit.idPreimage
        case .noop: preimage = [TransactionTag.noop.rawValue]
        }
        return "0x" + SHA256.hash(preimage).hexString
    }
}
