import APIContract
import Algebra
import BlockVerification
import Foundation
import Groth16
import RollupTypes
import Support

/// A block as its upstream published it (GET /v1/blocks), its fields read
/// on their own: number and type, roots, fee, pubdata, published authority,
/// commitment and proof. What they mean together is ``BlockCheck``'s.
struct PublishedBlock: Sendable {
    let record: BlockRecord
    let committedAt: Int64
    let proof: Proof
    /// The proof as published, snarkjs JSON.
    let proofJSON: String

    init(_ view: BlockView, expected: UInt32) throws(FollowRefusal) {
        func refuse(_ reason: FollowRefusal.Reason) -> FollowRefusal { FollowRefusal(block: expected, reason) }
        func field(_ name: String, _ text: String) throws(FollowRefusal) -> Fr {
            guard let value = try? Fr(decimal: text) else { throw refuse(.malformed(field: name, detail: "\(text.prefix(80)) is not a field element in decimal")) }
            return value
        }
        func bytes(_ name: String, _ text: String) throws(FollowRefusal) -> [UInt8] {
            guard text.hasPrefix("0x"), let bytes = [UInt8](hex: text) else { throw refuse(.malformed(field: name, detail: "not 0x-hex")) }
            return bytes
        }
        guard view.number == expected else { throw refuse(.outOfOrder(got: view.number)) }
        guard let type = BlockType(rawValue: view.type) else { throw refuse(.unknownType(String(view.type.prefix(80)))) }
        guard let fee = CanonicalDecimal.parse(view.totalFee, as: UInt128.self) else {
            throw refuse(.malformed(field: "total fee", detail: "\(view.totalFee.prefix(80)) is not a 128-bit decimal"))
        }
        record = BlockRecord(
            number: expected, type: type, oldRoot: try field("old root", view.oldRoot), newRoot: try field("new root", view.newRoot), totalFee: fee,
            pubdata: try bytes("pubdata", view.pubdata), authority: try bytes("authority", view.authority),
            commitment: try field("commitment", view.commitment))
        committedAt = view.committedAt
        guard let published = view.proof else { throw refuse(.proofUnreadable("the block has no proof")) }
        do {
            let data = try JSONEncoder().encode(published)
            proof = try SnarkJSFormat.decodeProof(data)
            proofJSON = String(decoding: data, as: UTF8.self)
        } catch {
            throw refuse(.proofUnreadable("\(error)"))
        }
    }
}
