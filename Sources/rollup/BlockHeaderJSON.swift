import Foundation
import RollupTypes
import Support

/// block.json: a sealed block's chain id, header, pubdata and published
/// authority, everything its public inputs are computed from, and its
/// type's pubdata bytes per slot (docs/PROTOCOL.md, "block.json").
struct BlockHeaderJSON: Encodable {
    let chainId: String
    let number: UInt32
    let type: String
    let slotPubdataBytes: Int
    let authority: String
    let oldRoot: String
    let newRoot: String
    let totalFee: String
    let pubdata: String
    let commitment: String

    init(_ block: SealedBlock) {
        chainId = block.chainID.description
        number = block.number
        type = block.type.rawValue
        slotPubdataBytes = TransactionKinds.kind(of: block.type).pubdataBytes
        authority = "0x" + block.authority.hexString
        oldRoot = block.oldRoot.decimalString
        newRoot = block.newRoot.decimalString
        totalFee = String(block.totalFee)
        pubdata = "0x" + block.pubdata.hexString
        commitment = block.commitment.decimalString
    }

    /// The file's bytes: pretty-printed, keys sorted.
    static func encode(_ block: SealedBlock) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(BlockHeaderJSON(block))
    }
}
