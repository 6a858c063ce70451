import Algebra

/// Poseidon(a, b, c, d), the hash of a tree node and of an account leaf,
/// specialized for width 5 like ``hashWidth3(_:_:)``: the state in five
/// locals, the optimized constants in one buffer in use order.
extension Poseidon {
    /// The width-5 constants in use order, allocated once for the process.
    final class Width5Constants: @unchecked Sendable {
        /// full[0..<20] (rounds 1–4), pre (25), mds (25), partial (60), sparse (60 × 9), full[20..<40] (rounds 5–8).
        let base: UnsafeMutablePointer<Fr>
        let partialRounds: Int

        init(_ p: PoseidonParameters) {
            partialRounds = p.partialRounds
            let values = Array(p.fullConstants.prefix(20)) + p.preSparse + p.mds + p.partialConstants + p.sparse
                + Array(p.fullConstants.suffix(20))
            base = .allocate(capacity: values.count)
            base.initialize(from: values, count: values.count)
        }
    }

    static let width5Constants = Width5Constants(parameters[5]!)

    /// Poseidon(a, b, c, d) without allocation; equal to `hash([a, b, c, d])`.
    public static func hash(_ a: Fr, _ b: Fr, _ c: Fr, _ d: Fr) -> Fr {
        let constants = width5Constants
        var k = UnsafePointer(constants.base)
        var s0 = Fr.zero, s1 = a, s2 = b, s3 = c, s4 = d

        @inline(__always) func fullRound(_ m: UnsafePointer<Fr>) {
            let x0 = fifthPower(s0 + k[0]), x1 = fifthPower(s1 + k[1]), x2 = fifthPower(s2 + k[2])
            let x3 = fifthPower(s3 + k[3]), x4 = fifthPower(s4 + k[4])
            k += 5
            s0 = m[0] * x0 + m[1] * x1 + m[2] * x2 + m[3] * x3 + m[4] * x4
            s1 = m[5] * x0 + m[6] * x1 + m[7] * x2 + m[8] * x3 + m[9] * x4
            s2 = m[10] * x0 + m[11] * x1 + m[12] * x2 + m[13] * x3 + m[14] * x4
            s3 = m[15] * x0 + m[16] * x1 + m[17] * x2 + m[18] * x3 + m[19] * x4
            s4 = m[20] * x0 + m[21] * x1 + m[22] * x2 + m[23] * x3 + m[24] * x4
        }

        let pre = k + 20
        let mds = pre + 25
        var partial = mds + 25
        var sparse = partial + constants.partialRounds
        let secondHalf = sparse + 9 * constants.partialRounds
        for round in 0..<4 { fullRound(round == 3 ? pre : mds) }
        for _ in 0..<constants.partialRounds {
            let x0 = fifthPower(s0 + partial[0])
            let first = sparse[0] * x0 + sparse[1] * s1 + sparse[2] * s2 + sparse[3] * s3 + sparse[4] * s4
            s1 += sparse[5] * x0
            s2 += sparse[6] * x0
            s3 += sparse[7] * x0
            s4 += sparse[8] * x0
            s0 = first
            partial += 1
            sparse += 9
        }
        k = secondHalf
        for _ in 0..<4 { fullRound(mds) }
        return s0
    }
}
