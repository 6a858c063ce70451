import APIContract
import Algebra
import Foundation
import Groth16
import RollupTypes

/// A block as its upstream published it (GET /v1/blocks), its fields read
/// and checked on their own: number and type, the pubdata's length for
/// the type's slots, and the commitment recomputed from the number, the
/// stated fee and the pubdata.
struct PublishedBlock: Sendable {
    let number: UInt32
    let type: BlockType
    let slots: Int
    let oldRoot: Fr
    let newRoot: Fr
    let totalFee: UInt128
    let pubdata: [UInt8]
    let commitment: Fr
    let committedAt: Int64
    let proof: Proof
    /// The proof as published, snarkjs JSON.
    let proofJSON: String

    /// The public inputs the proof must verify with.
    var publicInputs: [Fr] { BlockCommitment.publicInputs(oldRoot: oldRoot, newRoot: newRoot, commitment: commitment) }

    init(_ view: BlockView, expected: UInt32, chain: ChainParameters) throws(FollowRefusal) {
        func refuse(_ reason: FollowRefusal.Reason) -> FollowRefusal { FollowRefusal(block: expected, reason) }
        func field(_ name: String, _ text: String) throws(FollowRefusal) -> Fr {
            guard let value = try? Fr(decimal: text) else { throw refuse(.malformed(field: name, detail: "\(text) is not a field element in decimal")) }
            return value
        }
        guard view.number == expected else { throw refuse(.outOfOrder(got: view.number)) }
        guard let type = BlockType(rawValue: view.type) else { throw refuse(.unknownType(view.type)) }
        number = expected
        self.type = type
        slots = chain.slots(type)
        oldRoot = try field("old root", view.oldRoot)
        newRoot = try field("new root", view.newRoot)
        guard let fee = CanonicalDecimal.parse(view.totalFee, as: UInt128.self) else {
            throw refuse(.malformed(field: "total fee", detail: "\(view.totalFee) is not a 128-bit decimal"))
        }
        totalFee = fee
        guard view.pubdata.hasPrefix("0x"), let bytes = [UInt8](hex: view.pubdata) else {
            throw refuse(.malformed(field: "pubdata", detail: "not 0x-hex"))
        }
        let expectedBytes = slots * TransactionKinds.kind(of: type).pubdataBytes
        guard bytes.count == expectedBytes else { throw refuse(.pubdataLength(expected: expectedBytes, got: bytes.count)) }
        pubdata = bytes
        let stated = try field("commitment", view.commitment)
        commitment = BlockCommitment.compute(blockNumber: expected, totalFee: fee, pubdata: bytes)
        guard stated == commitment else {
            throw refuse(.commitment(stated: stated.decimalString, computed: commitment.decimalString))
        }
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
