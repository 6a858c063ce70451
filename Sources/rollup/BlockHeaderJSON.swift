import Foundation
import RollupTypes
import Support

/// block.json: a sealed block's chain id, header, pubdata and published
/// authority, everything its public inputs are computed from, and its
/// type's pubdata bytes per slot (docs/PROTOCOL.md, "block.json").
enum BlockHeaderJSON {
    static func encode(_ block: SealedBlock) throws -> Data {
        let object: [String: Any] = [
            "chainId": block.chainID.description,
            "number": Int(block.number),
            "type": block.type.rawValue,
            "slotPubdataBytes": TransactionKinds.kind(of: block.type).pubdataBytes,
            "authority": "0x" + block.authority.hexString,
            "oldRoot": block.oldRoot.decimalString,
            "newRoot": block.newRoot.decimalString,
            "totalFee": String(block.totalFee),
            "pubdata": "0x" + block.pubdata.hexString,
            "commitment": block.commitment.decimalString,
        ]
        return try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
    }
}
