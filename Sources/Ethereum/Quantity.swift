/// A JSON-RPC quantity: "0x" and hex digits without leading zeros.
public struct Quantity: Codable, Hashable, Sendable {
    public let value: UInt128

    public init(_ value: UInt128) {
        self.value = value
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard text.hasPrefix("0x"), text.count > 2, text.count <= 34, let value = UInt128(text.dropFirst(2), radix: 16) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\"\(text.prefix(40))\" is not a quantity below 2^128"))
        }
        self.value = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode("0x" + String(value, radix: 16))
    }

    /// The value as a UInt64 (block numbers, nonces, gas, chain ids), or nil if it is larger.
    public var uint64: UInt64? { UInt64(exactly: value) }
}
