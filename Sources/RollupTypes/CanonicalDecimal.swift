/// Decimal integers as the protocol writes them (docs/PROTOCOL.md): ASCII
/// digits only, no sign, no leading zeros ("0" itself is the one exception)
/// and no spaces. Swift's `Int("+01")` is more lenient; every number a
/// client sends as text goes through this instead, so one value has one
/// spelling and a hash or path never hides a second form of it.
public enum CanonicalDecimal {
    /// The value of `text`, or nil if it is not canonical or does not fit `T`.
    public static func parse<T: FixedWidthInteger & UnsignedInteger>(_ text: some StringProtocol, as type: T.Type = T.self) -> T? {
        let digits = text.utf8
        guard let first = digits.first, digits.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        guard first != 0x30 || digits.count == 1 else { return nil }
        return T(text, radix: 10)
    }
}
