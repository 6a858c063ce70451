import Algebra
import Foundation
import RollupTypes
import Storage

/// GET /v1/blocks/{n}: a block's header, status, transactions, pubdata,
/// commitment and, once proved, its proof in snarkjs form.
public struct BlockView: Encodable, Sendable {
    public var number: UInt32
    public var type: String
    /// "committed", "proved" (a proof waits for earlier blocks) or "verified".
    public var status: String
    public var oldRoot: String
    public var newRoot: String
    public var totalFee: String
    public var pubdata: String
    public var commitment: String
    public var committedAt: Int64
    public var verifiedAt: Int64?
    public var transactions: [String]
    public var proof: RawJSON?

    init(_ block: StoredBlock, proof: String?) {
        number = block.number
        type = block.type.rawValue
        status = block.verifiedAt != nil ? "verified" : block.hasProof ? "proved" : "committed"
        oldRoot = block.oldRoot.decimalString
        newRoot = block.newRoot.decimalString
        totalFee = String(block.totalFee)
        pubdata = "0x" + block.pubdata.hexString
        commitment = block.commitment.decimalString
        committedAt = block.committedAt
        verifiedAt = block.verifiedAt
        transactions = block.transactionHashes
        self.proof = proof.map(RawJSON.init)
    }
}

/// A JSON document embedded as is (a stored snarkjs proof).
public struct RawJSON: Encodable, Sendable {
    let text: String

    public func encode(to encoder: Encoder) throws {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        var container = encoder.singleValueContainer()
        try container.encode(AnyJSON(object))
    }
}

/// Re-encodes a JSONSerialization value through Codable.
struct AnyJSON: Encodable {
    let value: Any

    init(_ value: Any) { self.value = value }

    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch value {
        case let string as String: try container.encode(string)
        case let number as NSNumber: try container.encode(number.int64Value)
        case let array as [Any]: try container.encode(array.map(AnyJSON.init))
        case let dictionary as [String: Any]: try container.encode(dictionary.mapValues(AnyJSON.init))
        default: try container.encodeNil()
        }
    }
}
