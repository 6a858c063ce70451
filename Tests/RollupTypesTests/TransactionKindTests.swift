import Algebra
import Foundation
import Primitives
import RollupTypes
import Testing

/// The registry lists each kind once, and every kind keeps its own
/// contract: encoding, pubdata size and JSON form round-trip.
struct TransactionKindTests {
    static let key = EdDSAPrivateKey.generate()
    static let bridge = Ed25519SigningKey.generate()
    static let chain = try! ChainConfiguration.genesis(parameters: .production, operatorKey: key.publicKey, bridgePublicKey: bridge.publicKey)

    static func sample(_ kind: any TransactionKind.Type, index: Int = 0) throws -> Transaction {
        let sample = SampleTransaction(
            index: index, account: try AccountID(5), holder: Account(publicKey: key.publicKey, balance: 1 << 40, nonce: 9), key: key,
            other: try AccountID(6), amount: try PackedAmount(packing: 12_500), fee: try PackedFee(packing: 3),
            randomBytes: (0..<32).map { UInt8($0 * 7 % 256) }, chain: chain, bridge: bridge, sequence: UInt64(index))
        return try kind.sample(sample).transaction
    }

    @Test func theRegistryListsEachKindOnce() throws {
        let kinds = TransactionKinds.all
        #expect(kinds.map { $0.name }.starts(with: ["transfer", "deposit", "exit"]))
        let tags = kinds.map { $0.tag.rawValue }, names = kinds.map { $0.name }, types = kinds.map { $0.blockType }
        #expect(Set(tags).count == kinds.count)
        #expect(Set(names).count == kinds.count)
        #expect(Set(types) == Set(BlockType.allCases))
        for kind in kinds {
            #expect(TransactionKinds.kind(tag: kind.tag)?.name == kind.name)
            #expect(TransactionKinds.kind(named: kind.name)?.tag == kind.tag)
            #expect(TransactionKinds.kind(of: kind.blockType).name == kind.name)
        }
        #expect(TransactionKinds.kind(tag: .noop) == nil)
        #expect(TransactionKinds.kind(named: "noop") == nil)
    }

    @Test(arguments: TransactionKinds.all.indices)
    func everyKindRoundTrips(index: Int) throws {
        let kind = TransactionKinds.all[index]
        for slot in 0..<2 {
            let transaction = try Self.sample(kind, index: slot)
            let value = try #require(transaction.kind)
            #expect(type(of: value).name == kind.name)
            #expect(transaction.blockType == kind.blockType)
            #expect(transaction.encoded.count == kind.encodedBytes)
            #expect(transaction.encoded.first == kind.tag.rawValue)
            #expect(try Transaction(encoded: transaction.encoded) == transaction)
            #expect(transaction.hash == value.hash)
            let pubdata = value.pubdata(assignedAccount: try AccountID(5))
            #expect(pubdata.count == kind.pubdataBytes)
            #expect(pubdata.first == kind.tag.rawValue)

            let json = try JSONEncoder().encode(transaction)
            let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
            #expect(object["type"] as? String == kind.name)
            #expect(try JSONDecoder().decode(Transaction.self, from: json) == transaction)
        }
    }

    @Test func encodingsOfTheWrongLengthOrTagAreRefused() throws {
        let transfer = try Self.sample(Transfer.self)
        #expect(throws: Transaction.DecodingError.wrongLength(type: "transfer", expected: 82, actual: 81)) {
            try Transaction(encoded: Array(transfer.encoded.dropLast()))
        }
        #expect(throws: Transaction.DecodingError.unknownTag(9)) { try Transaction(encoded: [9] + transfer.encoded.dropFirst()) }
        #expect(throws: Transaction.DecodingError.empty) { try Transaction(encoded: []) }
        #expect(try Transaction(encoded: [0]) == .noop)
    }

    /// Each JSON field has one spelling; a bad one is refused by name.
    @Test func badJSONFieldsAreRefusedByName() throws {
        func decode(_ object: [String: Any]) throws -> Transaction {
            try JSONDecoder().decode(Transaction.self, from: try JSONSerialization.data(withJSONObject: object))
        }
        let transfer: [String: Any] = ["type": "transfer", "from": 1, "to": 2, "amount": "1500", "fee": "3", "nonce": 7]
        let decoded = try decode(transfer)
        guard let value = decoded.kind as? Transfer else { Issue.record("decoded \(decoded)"); return }
        #expect(value.amount.value == 1500 && value.signature == nil)

        func refused(_ change: [String: Any]) -> TransactionFieldError? {
            do {
                _ = try decode(transfer.merging(change) { $1 })
                return nil
            } catch {
                return error as? TransactionFieldError
            }
        }
        #expect(refused(["type": "swap"]) == .invalid(field: "type", reason: "must be one of \"transfer\", \"deposit\", \"exit\""))
        #expect(refused(["amount": "01500"])?.description.hasPrefix("amount must be a decimal integer") == true)
        #expect(refused(["amount": 1500])?.description.hasPrefix("amount must be a decimal integer") == true)
        #expect(refused(["fee": "123456789"]) == .notPackable(field: "fee", value: 123_456_789, closest: PackedFee.closestPackable(to: 123_456_789)))
        #expect(refused(["nonce": -1]) == .invalid(field: "nonce", reason: "must be 0 … 2^32 − 1"))
        #expect(refused(["to": 1 << 24]) == .invalid(field: "to", reason: "must be an account id, 0 … 2^24 − 1"))
        #expect(refused(["signature": "0x00"]) == .invalid(field: "signature", reason: "must be a 64-byte packed EdDSA signature as 0x-hex"))
        #expect(refused(["from": NSNull()]) == .invalid(field: "from", reason: "must be an account id, 0 … 2^24 − 1"))
    }
}
