/// Contract ABI encoding (the Solidity ABI, which Vyper shares) of the
/// values the rollup's contracts take: 32-byte words, addresses, byte
/// strings, arrays and tuples.
public indirect enum ABIValue: Equatable, Sendable {
    /// A 32-byte word: uint256, bytes32 (big-endian, given in full).
    case word([UInt8])
    case address(EthereumAddress)
    case bool(Bool)
    /// `bytes`: dynamic.
    case bytes([UInt8])
    /// `T[n]`: static if its elements are.
    case fixedArray([ABIValue])
    /// `T[]`: dynamic.
    case array([ABIValue])
    /// `(T1, T2, …)`: static if its members are.
    case tuple([ABIValue])

    /// A uint256.
    public static func uint(_ value: some UnsignedInteger & FixedWidthInteger) -> ABIValue {
        .word(BigEndian.padded(value, to: 32))
    }

    var isDynamic: Bool {
        switch self {
        case .word, .address, .bool: return false
        case .bytes, .array: return true
        case .fixedArray(let items), .tuple(let items): return items.contains(where: \.isDynamic)
        }
    }

    /// The encoding of this value as a top-level argument list would hold it.
    var encoded: [UInt8] {
        switch self {
        case .word(let word):
            precondition(word.count == 32, "an ABI word is 32 bytes")
            return word
        case .address(let address): return [UInt8](repeating: 0, count: 12) + address.bytes
        case .bool(let value): return BigEndian.padded(UInt8(value ? 1 : 0), to: 32)
        case .bytes(let bytes):
            let padding = (32 - bytes.count % 32) % 32
            return BigEndian.padded(UInt64(bytes.count), to: 32) + bytes + [UInt8](repeating: 0, count: padding)
        case .fixedArray(let items), .tuple(let items): return ABI.encode(items)
        case .array(let items): return BigEndian.padded(UInt64(items.count), to: 32) + ABI.encode(items)
        }
    }
}

/// Calldata and constructor arguments.
public enum ABI {
    /// `values` as a tuple: static values in place, dynamic ones behind offsets.
    public static func encode(_ values: [ABIValue]) -> [UInt8] {
        let headSize = values.reduce(0) { size, value in size + (value.isDynamic ? 32 : value.encoded.count) }
        var head = [UInt8]()
        var tail = [UInt8]()
        for value in values {
            if value.isDynamic {
                head += BigEndian.padded(UInt64(headSize + tail.count), to: 32)
                tail += value.encoded
            } else {
                head += value.encoded
            }
        }
        return head + tail
    }

    /// The 4-byte selector of a function signature such as "withdraw(address)".
    public static func selector(_ signature: String) -> [UInt8] {
        Array(Keccak256.hash(Array(signature.utf8)).prefix(4))
    }

    /// A returned or logged 32-byte word as an integer; nil if it is not
    /// 32 bytes or not below 2^128.
    public static func uint(_ word: some Collection<UInt8>) -> UInt128? {
        guard word.count == 32, word.prefix(16).allSatisfy({ $0 == 0 }) else { return nil }
        return word.suffix(16).reduce(UInt128(0)) { $0 << 8 | UInt128($1) }
    }

    /// A call of `signature` with `arguments`.
    public static func call(_ signature: String, _ arguments: [ABIValue]) -> [UInt8] {
        selector(signature) + encode(arguments)
    }
}
