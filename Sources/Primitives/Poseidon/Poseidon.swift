import Algebra

/// The Poseidon hash over BN254's Fr exactly as iden3's circomlib and
/// circomlibjs compute it: width t = inputs + 1 (1 to 6 inputs), state
/// [0, inputs…], x⁵ S-box, 8 full rounds (4 before and 4 after the partial
/// rounds), partial rounds per width from circomlib's table, the round
/// constants and MDS matrices of ``PoseidonConstants``; the output is the
/// first state element.
///
/// The hash runs the optimized but equivalent form (folded constants,
/// sparse partial-round matrices: ``PoseidonOptimizedConstants``);
/// ``referencePermute(_:_:)`` is the textbook form it is tested against.
public enum Poseidon {
    /// The most inputs a single call takes.
    public static let maximumInputs = 6

    /// Why a hash could not be computed.
    public enum InputError: Error, Equatable, CustomStringConvertible {
        case unsupportedInputCount(Int)

        public var description: String {
            switch self {
            case .unsupportedInputCount(let count):
                return "Poseidon takes 1 to \(Poseidon.maximumInputs) inputs, got \(count)"
            }
        }
    }

    /// Parameters for widths 2 … 7, indexed by width.
    public static let parameters: [PoseidonParameters?] = (0...7).map { $0 >= 2 ? PoseidonParameters(width: $0) : nil }

    /// Poseidon(inputs), for 1 to 6 inputs.
    public static func hash(_ inputs: [Fr]) throws -> Fr {
        guard (1...maximumInputs).contains(inputs.count) else { throw InputError.unsupportedInputCount(inputs.count) }
        return permute([.zero] + inputs, parameters[inputs.count + 1]!)[0]
    }

    /// Poseidon(a, b).
    public static func hash(_ a: Fr, _ b: Fr) -> Fr { hashWidth3(a, b) }

    /// Poseidon(a, b, c, d): the account tree's node and leaf hash. (A
    /// width-5 path without allocation, like the width-3 one, measured no
    /// faster: the multiplications dominate.)
    public static func hash(_ a: Fr, _ b: Fr, _ c: Fr, _ d: Fr) -> Fr { permute([.zero, a, b, c, d], width5)[0] }

    static let width5 = parameters[5]!

    static let width3 = parameters[3]!

    /// The permutation in its optimized form.
    public static func permute(_ initial: [Fr], _ p: PoseidonParameters) -> [Fr] {
        let t = p.width
        precondition(initial.count == t, "the state must have the parameters' width")
        return withUnsafeTemporaryAllocation(of: Fr.self, capacity: 2 * t) { buffer in
            let state = buffer.baseAddress!, next = state + t
            for i in 0..<t { (state + i).initialize(to: initial[i]) }
            (next).initialize(repeating: .zero, count: t)
            p.fullConstants.withUnsafeBufferPointer { full in
                p.mds.withUnsafeBufferPointer { mds in
                    p.preSparse.withUnsafeBufferPointer { pre in
                        p.partialConstants.withUnsafeBufferPointer { partial in
                            p.sparse.withUnsafeBufferPointer { sparse in
                                for round in 0..<4 {
                                    fullRound(state, next, t, full.baseAddress! + round * t, round == 3 ? pre.baseAddress! : mds.baseAddress!)
                                }
                                let stride = 2 * t - 1
                                for round in 0..<p.partialRounds {
                                    let s0 = fifthPower(state[0] + partial[round])
                                    let row = sparse.baseAddress! + round * stride
                                    var first = row[0] * s0
                                    for i in 1..<t { first += row[i] * state[i] }
                                    for i in 1..<t { state[i] += row[t + i - 1] * s0 }
                                    state[0] = first
                                }
                                for round in 4..<8 {
                                    fullRound(state, next, t, full.baseAddress! + round * t, mds.baseAddress!)
                                }
                            }
                        }
                    }
                }
            }
            return Array(UnsafeBufferPointer(start: state, count: t))
        }
    }

    /// state ← matrix · (state + constants)⁵, through `scratch`.
    @inline(__always)
    static func fullRound(_ state: UnsafeMutablePointer<Fr>, _ scratch: UnsafeMutablePointer<Fr>, _ t: Int,
                          _ constants: UnsafePointer<Fr>, _ matrix: UnsafePointer<Fr>) {
        for i in 0..<t { scratch[i] = fifthPower(state[i] + constants[i]) }
        for i in 0..<t {
            var sum = Fr.zero
            for j in 0..<t { sum += matrix[i * t + j] * scratch[j] }
            state[i] = sum
        }
    }

    /// The textbook permutation: per round, add constants, S-box (all
    /// elements in full rounds, the first in partial ones), multiply by MDS.
    public static func referencePermute(_ initial: [Fr], _ p: PoseidonParameters) -> [Fr] {
        let t = p.width
        var state = initial
        for round in 0..<(8 + p.partialRounds) {
            for i in 0..<t { state[i] += p.roundConstants[round * t + i] }
            if round < 4 || round >= 4 + p.partialRounds {
                for i in 0..<t { state[i] = fifthPower(state[i]) }
            } else {
                state[0] = fifthPower(state[0])
            }
            state = (0..<t).map { i in (0..<t).reduce(Fr.zero) { $0 + p.mds[i * t + $1] * state[$1] } }
        }
        return state
    }

    @inline(__always)
    static func fifthPower(_ x: Fr) -> Fr {
        let square = x.squared()
        return square.squared() * x
    }
}
