import Algebra

/// Poseidon(a, b), the tree's node hash, specialized for width 3: the state
/// lives in three locals and the optimized constants in one buffer laid out
/// in the order they are used, so a hash allocates nothing.
extension Poseidon {
    /// The width-3 constants in use order, allocated once for the process.
    final class Width3Constants: @unchecked Sendable {
        /// full[0..<12] (rounds 1–4), pre (9), mds (9), partial (57), sparse (57 × 5), full[12..<24] (rounds 5–8).
        let base: UnsafeMutablePointer<Fr>
        let partialRounds: Int

        init(_ p: PoseidonParameters) {
            partialRounds = p.partialRounds
            let values = Array(p.fullConstants.prefix(12)) + p.preSparse + p.mds + p.partialConstants + p.sparse
                + Array(p.fullConstants.suffix(12))
            base = .allocate(capacity: values.count)
            base.initialize(from: values, count: values.count)
        }
    }

    static let width3Constants = Width3Constants(width3)

    /// Poseidon(a, b) without allocation; equal to `hash([a, b])`.
    @inline(__always)
    static func hashWidth3(_ a: Fr, _ b: Fr) -> Fr {
        let constants = width3Constants
        var c = UnsafePointer(constants.base)
        var s0 = Fr.zero, s1 = a, s2 = b

        @inline(__always) func fullRound(_ m: UnsafePointer<Fr>) {
            let x0 = fifthPower(s0 + c[0]), x1 = fifthPower(s1 + c[1]), x2 = fifthPower(s2 + c[2])
            c += 3
            s0 = m[0] * x0 + m[1] * x1 + m[2] * x2
            s1 = m[3] * x0 + m[4] * x1 + m[5] * x2
            s2 = m[6] * x0 + m[7] * x1 + m[8] * x2
        }

        let firstHalf = c
        let pre = firstHalf + 12
        let mds = pre + 9
        var partial = mds + 9
        var sparse = partial + constants.partialRounds
        let secondHalf = sparse + 5 * constants.partialRounds
        for round in 0..<4 { fullRound(round == 3 ? pre : mds) }
        for _ in 0..<constants.partialRounds {
            let x0 = fifthPower(s0 + partial[0])
            let first = sparse[0] * x0 + sparse[1] * s1 + sparse[2] * s2
            s1 += sparse[3] * x0
            s2 += sparse[4] * x0
            s0 = first
            partial += 1
            sparse += 5
        }
        c = secondHalf
        for _ in 0..<4 { fullRound(mds) }
        return s0
    }
}
