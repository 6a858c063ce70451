import RollupTypes

/// Why a block's published data is not believed: what a follower refuses
/// from its upstream, and what stops the node's committer from verifying
/// a block its own database holds. Each names what failed.
public enum BlockRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    /// The upstream answered another block where this one belongs.
    case outOfOrder(got: UInt32)
    case unknownType(String)
    case malformed(field: String, detail: String)
    case pubdataLength(expected: Int, got: Int)
    case authorityLength(expected: Int, got: Int)
    /// The block does not start from the verified root.
    case oldRootDoesNotFollow(stated: String, verified: String)
    case slot(Int, String)
    case feeCredit(String)
    case totalFee(stated: String, computed: String)
    case commitment(stated: String, computed: String)
    case proofUnreadable(String)
    case proofInvalid
    case newRoot(stated: String, replayed: String)
    /// The stored account updates are not what replaying the block writes.
    case accountUpdates(String)
    /// The stored block is not the one the state keeper sealed.
    case notAsSealed(String)

    public var description: String {
        switch self {
        case .outOfOrder(let got): return "it is missing or out of order: the upstream answered block \(got) in its place"
        case .unknownType(let type): return "its type \(type) is none of the chain's block types"
        case .malformed(let field, let detail): return "its \(field) is malformed: \(detail)"
        case .pubdataLength(let expected, let got): return "its pubdata has \(got) bytes, where its type's slots take \(expected)"
        case .authorityLength(let expected, let got): return "its published authority has \(got) bytes, where its type's slots take \(expected)"
        case .oldRootDoesNotFollow(let stated, let verified):
            return "its old root \(stated) does not follow the previous block's new root \(verified)"
        case .slot(let slot, let detail): return "slot \(slot) cannot be replayed: \(detail)"
        case .feeCredit(let detail): return "its fees cannot be credited to the fee account: \(detail)"
        case .totalFee(let stated, let computed): return "it states total fee \(stated), its pubdata's fees add up to \(computed)"
        case .commitment(let stated, let computed):
            return "it states commitment \(stated), but its number, fee and pubdata hash to \(computed) (a pubdata byte or the header changed)"
        case .proofUnreadable(let detail): return "its proof is not a snarkjs Groth16 proof: \(detail)"
        case .proofInvalid: return "its proof does not verify under the pinned verifying key"
        case .newRoot(let stated, let replayed): return "it states new root \(stated), but replaying its pubdata gives \(replayed)"
        case .accountUpdates(let detail): return "its stored account updates are not what its pubdata writes: \(detail)"
        case .notAsSealed(let detail): return "it is not the block the state keeper sealed: \(detail)"
        }
    }
}
