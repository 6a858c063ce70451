import Support

/// A 20-byte L1 account or contract address, written "0x" and 40 hex digits.
public struct EthereumAddress: Hashable, Sendable, Codable, CustomStringConvertible {
    public let bytes: [UInt8]

    /// Why text is not an address.
    public struct Invalid: Error, CustomStringConvertible {
        public let text: String
        public var description: String { "\"\(text.prefix(64))\" is not an L1 address (0x and 40 hex digits)" }
    }

    public init(bytes: [UInt8]) {
        precondition(bytes.count == 20, "an L1 address is 20 bytes")
        self.bytes = bytes
    }

    public init(_ text: String) throws(Invalid) {
        guard text.hasPrefix("0x"), text.count == 42, let bytes = [UInt8](hex: text) else { throw Invalid(text: text) }
        self.bytes = bytes
    }

    /// Lowercase hex (no EIP-55 checksum).
    public var description: String { "0x" + bytes.hexString }

    /// The address of the contract that `deployer` creates with its
    /// transaction of `nonce`: the last 20 bytes of keccak(rlp([deployer, nonce])).
    public static func contract(deployedBy deployer: EthereumAddress, nonce: UInt64) -> EthereumAddress {
        EthereumAddress(bytes: Array(Keccak256.hash(RLP.list([.bytes(deployer.bytes), .uint(nonce)]).encoded).suffix(20)))
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(text) } catch { throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
