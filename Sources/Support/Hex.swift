/// Bytes as hex: how keys, signatures, pubdata and hashes travel in JSON.
extension Array where Element == UInt8 {
    /// Lowercase hex, no prefix.
    public var hexString: String {
        let digits = Swift.Array("0123456789abcdef".utf8)
        return String(decoding: flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] }, as: UTF8.self)
    }

    /// Parses hex digits with or without a "0x" prefix; nil for anything else
    /// (odd length, non-hex characters).
    public init?(hex text: String) {
        self.init(hexDigits: text.hasPrefix("0x") || text.hasPrefix("0X") ? text.dropFirst(2) : Substring(text))
    }

    /// Parses the wire's 0x-hex (docs/PROTOCOL.md): "0x", then an even
    /// number of hex digits in either case; nil without the prefix.
    public init?(prefixedHex text: String) {
        guard text.hasPrefix("0x") else { return nil }
        self.init(hexDigits: text.dropFirst(2))
    }

    private init?(hexDigits text: Substring) {
        let digits = Swift.Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        func value(_ digit: UInt8) -> UInt8? {
            switch digit {
            case 48...57: return digit - 48
            case 97...102: return digit - 87
            case 65...70: return digit - 55
            default: return nil
            }
        }
        var bytes = [UInt8]()
        bytes.reserveCapacity(digits.count / 2)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = value(digits[index]), let low = value(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        self = bytes
    }
}
