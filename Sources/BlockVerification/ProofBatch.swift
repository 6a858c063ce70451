import Algebra
import Groth16

/// Many blocks' proofs verified together: each core takes a share as one
/// batch (``Groth16BatchVerifier``); a share that fails is checked proof by
/// proof, so that the caller can name the block whose proof fails. The
/// follower verifies a page so, and the node's audit of its stored chain.
public enum ProofBatch {
    /// One proof with the public inputs it must verify with and its key.
    public typealias Item = (proof: Proof, inputs: [Fr], key: PreparedVerifyingKey)

    /// Whether each item's proof verifies, in order.
    public static func verdicts(_ items: [Item]) -> [Bool] {
        let verdicts = ParallelResults<Bool>(repeating: false, count: items.count)
        let shares = Parallelism.available
        Parallelism.forEach(shares) { share in
            let indices = Array(stride(from: share, to: items.count, by: shares))
            let batch = indices.map { items[$0] }
            let batchHolds = (try? Groth16BatchVerifier.verify(batch)) ?? false
            for (index, item) in zip(indices, batch) {
                verdicts[index] = batchHolds || ((try? Groth16Verifier.verify(item.proof, inputs: item.inputs, key: item.key)) ?? false)
            }
        }
        return verdicts.values
    }
}
