import Ethereum
import Foundation
import Support
import Testing

/// The Ethereum module against vectors computed by the Ethereum
/// Foundation's Python libraries (Fixtures/vectors.json, made by
/// scripts/make_ethereum_vectors.py).
struct EthereumVectorTests {
    struct Vectors: Decodable {
        struct Digest: Decodable {
            let input: String
            let digest: String
        }
        struct RLPVector: Decodable {
            let item: Item
            let encoded: String
        }
        indirect enum Item: Decodable {
            case bytes(String)
            case list([Item])

            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let text = try? container.decode(String.self) { self = .bytes(text) } else { self = .list(try container.decode([Item].self)) }
            }

            var rlp: RLP {
                switch self {
                case .bytes(let hex): return .bytes([UInt8](hex: hex)!)
                case .list(let items): return .list(items.map(\.rlp))
                }
            }
        }
        struct Key: Decodable {
            let secret: String
            let address: String
        }
        struct ContractAddress: Decodable {
            let deployer: String
            let nonce: UInt64
            let address: String
        }
        struct Transaction: Decodable {
            let chainId: UInt64
            let nonce: UInt64
            let maxPriorityFeePerGas: UInt64
            let maxFeePerGas: UInt64
            let gas: UInt64
            let to: String
            let value: UInt64
            let data: String
            let raw: String
            let hash: String
        }
        struct Signed: Decodable {
            let raw: String
            let hash: String
        }
        struct ABIVectors: Decodable {
            let signature: String
            let selector: String
            let commits: [[Commit]]
            let encoded: String
            let `static`: String
        }
        enum Commit: Decodable {
            case number(UInt8)
            case text(String)

            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let number = try? container.decode(UInt8.self) { self = .number(number) } else { self = .text(try container.decode(String.self)) }
            }
        }
        let keccak: [Digest]
        let rlp: [RLPVector]
        let key: Key
        let contractAddress: ContractAddress
        let transaction: Transaction
        let deployment: Signed
        let abi: ABIVectors
    }

    static let vectors: Vectors = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/vectors.json")
        return try! JSONDecoder().decode(Vectors.self, from: Data(contentsOf: url))
    }()

    @Test func keccakMatchesAcrossBlockBoundaries() {
        #expect(Self.vectors.keccak.count == 6)
        for vector in Self.vectors.keccak {
            #expect(Keccak256.hash([UInt8](hex: vector.input)!).hexString == vector.digest, "input of \(vector.input.count / 2) bytes")
        }
    }

    @Test func rlpEncodesStringsAndLists() {
        #expect(Self.vectors.rlp.count == 11)
        for vector in Self.vectors.rlp {
            #expect(vector.item.rlp.encoded.hexString == vector.encoded)
        }
    }

    @Test func aKeysAddressAndAContractsAddress() throws {
        let key = try EthereumKey(secret: [UInt8](hex: Self.vectors.key.secret)!)
        #expect(key.address.description == Self.vectors.key.address)
        let deployer = try EthereumAddress(Self.vectors.contractAddress.deployer)
        #expect(EthereumAddress.contract(deployedBy: deployer, nonce: Self.vectors.contractAddress.nonce).description == Self.vectors.contractAddress.address)
        #expect(throws: EthereumKey.Invalid.self) { try EthereumKey(secret: [UInt8](repeating: 0, count: 32)) }
        #expect(throws: EthereumKey.Invalid.self) { try EthereumKey(secret: [UInt8](repeating: 0xff, count: 32)) }
        #expect(throws: EthereumAddress.Invalid.self) { try EthereumAddress("0x1234") }
    }

    @Test func aSignedTransactionIsByteForByteEthAccounts() throws {
        let vector = Self.vectors.transaction
        let key = try EthereumKey(secret: [UInt8](hex: Self.vectors.key.secret)!)
        var transaction = EIP1559Transaction(
            chainID: vector.chainId, nonce: vector.nonce, maxPriorityFeePerGas: UInt128(vector.maxPriorityFeePerGas),
            maxFeePerGas: UInt128(vector.maxFeePerGas), gasLimit: vector.gas, to: try EthereumAddress(vector.to.lowercased()),
            value: UInt128(vector.value), data: [UInt8](hex: vector.data)!)
        let signed = transaction.signed(by: key)
        #expect(signed.raw.hexString == vector.raw)
        #expect(signed.hash.hexString == vector.hash)
        transaction.to = nil
        transaction.nonce = 0
        let deployment = transaction.signed(by: key)
        #expect(deployment.raw.hexString == Self.vectors.deployment.raw)
        #expect(deployment.hash.hexString == Self.vectors.deployment.hash)
    }

    @Test func abiEncodesDynamicArraysOfTuplesAndStaticValues() throws {
        let abi = Self.vectors.abi
        #expect(ABI.selector(abi.signature).hexString == abi.selector)
        #expect(abi.commits.count == 2)
        let commits: [ABIValue] = abi.commits.map { fields in
            guard case .number(let type) = fields[0] else { fatalError("the vector's first field is the type") }
            let words = fields[1...3].map { field -> ABIValue in
                guard case .text(let decimal) = field else { fatalError("the vector's words are decimal") }
                return .word(Self.word(decimal))
            }
            guard case .text(let pubdata) = fields[4] else { fatalError("the vector's pubdata is hex") }
            return .tuple([.uint(type)] + words + [.bytes([UInt8](hex: pubdata)!)])
        }
        #expect(ABI.encode([.array(commits)]).hexString == abi.encoded)
        let staticValues: [ABIValue] = [
            .address(try EthereumAddress("0x00000000000000000000000000000000c0ffee01")),
            .fixedArray([.uint(UInt8(1)), .word([UInt8](repeating: 0xff, count: 32))]), .bool(true), .word([UInt8](repeating: 0x11, count: 32)),
        ]
        #expect(ABI.encode(staticValues).hexString == abi.static)
    }

    /// A decimal below 2^256 as 32 big-endian bytes.
    static func word(_ decimal: String) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 32)
        for digit in decimal.utf8 {
            var carry = Int(digit - 48)
            for index in stride(from: 31, through: 0, by: -1) {
                let value = Int(bytes[index]) * 10 + carry
                bytes[index] = UInt8(value & 0xff)
                carry = value >> 8
            }
        }
        return bytes
    }
}
