import Foundation
import RollupTypes

/// block.json: a sealed block's header and pubdata, everything the
/// commitment is computed from (docs/PROTOCOL.md, "Block commitment").
enum BlockHeaderJSON {
    static func encode(_ block: SealedBlock) throws -> Data {
        let object: [String: Any] = [
            "number": Int(block.number),
            "type": block.type.rawValue,
            "oldRoot": block.oldRoot.decimalString,
            "newRoot": block.newRoot.decimalString,
            "totalFee": String(block.totalFee),
            "pubdata": "0x" + block.pubdata.hexString,
            "commitment": block.commitment.decimalString,
        ]
        return try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
    }
}
