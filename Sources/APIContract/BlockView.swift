import Foundation

/// GET /v1/blocks/{n}: a block's header, status, transactions, pubdata,
/// commitment and, once proved, its proof in snarkjs form.
public struct BlockView: Codable, Sendable, Equatable {
    public var number: UInt32
    public var type: String
    /// "committed", "proved" (a proof waits for earlier blocks) or "verified".
    public var status: String
    public var oldRoot: String
    public var newRoot: String
    public var totalFee: String
    public var pubdata: String
    /// What the block's authority published beside the pubdata, 0x-hex: for
    /// a deposit block, per slot, the bridge's sequence (8 bytes) and
    /// Ed25519 signature (64); "0x" for blocks of owner-signed kinds
    /// (docs/PROTOCOL.md, "Published authority").
    public var authority: String
    public var commitment: String
    public var committedAt: Int64
    public var verifiedAt: Int64?
    public var transactions: [String]
    /// The proof as snarkjs writes it (pi_a, pi_b, pi_c, protocol, curve).
    public var proof: JSONValue?
    /// The prover worker that stored the proof, where the node recorded it.
    public var provedBy: String?
    /// How long its proving run took, from claim to stored proof.
    public var proofMilliseconds: Int64?

    public init(
        number: UInt32, type: String, status: String, oldRoot: String, newRoot: String, totalFee: String, pubdata: String, authority: String,
        commitment: String, committedAt: Int64, verifiedAt: Int64?, transactions: [String], proof: JSONValue?, provedBy: String? = nil,
        proofMilliseconds: Int64? = nil
    ) {
        self.provedBy = provedBy
        self.proofMilliseconds = proofMilliseconds
        self.number = number
        self.type = type
        self.status = status
        self.oldRoot = oldRoot
        self.newRoot = newRoot
        self.totalFee = totalFee
        self.pubdata = pubdata
        self.authority = authority
        self.commitment = commitment
        self.committedAt = committedAt
        self.verifiedAt = verifiedAt
        self.transactions = transactions
        self.proof = proof
    }
}

/// GET /v1/blocks: a list of blocks.
public struct BlockPage: Codable, Sendable, Equatable {
    public var blocks: [BlockView]

    public init(blocks: [BlockView]) { self.blocks = blocks }
}
