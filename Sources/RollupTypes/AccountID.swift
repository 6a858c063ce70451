/// An account's index in the tree: 24 bits (2^24 accounts).
public struct AccountID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The number of bits.
    public static let bits = 24
    /// The operator's fee account, created at genesis.
    public static let feeAccount = AccountID(uncheckedValue: 0)
    /// 2^24 − 1, which no account ever gets: in a deposit's terms it means
    /// "a new account", so that a new-account deposit and a top-up never
    /// share an encoding.
    public static let newAccount = AccountID(uncheckedValue: (1 << 24) - 1)

    public let value: UInt32

    /// Why a number is not an account id.
    public struct OutOfRange: Error, CustomStringConvertible {
        public let value: Int
        public var description: String { "account id \(value) is outside 0 ..< 2^24" }
    }

    public init(_ value: Int) throws {
        guard value >= 0, value < 1 << Self.bits else { throw OutOfRange(value: value) }
        self.value = UInt32(value)
    }

    init(uncheckedValue value: UInt32) { self.value = value }

    public static func < (a: AccountID, b: AccountID) -> Bool { a.value < b.value }
    public var description: String { String(value) }
}
