import Algebra

/// The Poseidon hash over BN254's Fr exactly as iden3's circomlib and
/// circomlibjs compute it: width t = inputs + 1 (1 to 6 inputs), state
/// [0, inputs…], x⁵ S-box, 8 full rounds (4 before and 4 after the partial
/// rounds), partial rounds per width from circomlib's table, the round
/// constants and MDS matrices of ``PoseidonConstants``; the output is the
/// first state element.
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

    /// The parameters of one width, parsed once.
    public struct Parameters: Sendable {
        public let width: Int
        public let fullRounds: Int
        public let partialRounds: Int
        /// (fullRounds + partialRounds) · width constants, round-major.
        public let roundConstants: [Fr]
        /// Row-major width × width matrix.
        public let mds: [Fr]

        init(width: Int) {
            self.width = width
            fullRounds = 8
            partialRounds = PoseidonConstants.partialRounds[width]!
            roundConstants = PoseidonConstants.roundConstantsHex[width]!.map { try! Fr(hex: $0) }
            mds = PoseidonConstants.mdsHex[width]!.map { try! Fr(hex: $0) }
        }
    }

    /// Parameters for widths 2 … 7, indexed by width.
    public static let parameters: [Parameters?] = (0...7).map { $0 >= 2 ? Parameters(width: $0) : nil }

    /// Poseidon(inputs), for 1 to 6 inputs.
    public static func hash(_ inputs: [Fr]) throws -> Fr {
        guard (1...maximumInputs).contains(inputs.count) else { throw InputError.unsupportedInputCount(inputs.count) }
        return permute([.zero] + inputs, parameters[inputs.count + 1]!)[0]
    }

    /// Poseidon(a, b): the tree's node hash.
    public static func hash(_ a: Fr, _ b: Fr) -> Fr {
        permute([.zero, a, b], parameters[3]!)[0]
    }

    /// The permutation on a full state.
    public static func permute(_ initial: [Fr], _ p: Parameters) -> [Fr] {
        let t = p.width
        var state = initial
        var next = [Fr](repeating: .zero, count: t)
        let halfFull = p.fullRounds / 2
        for round in 0..<(p.fullRounds + p.partialRounds) {
            for i in 0..<t { state[i] += p.roundConstants[round * t + i] }
            if round < halfFull || round >= halfFull + p.partialRounds {
                for i in 0..<t { state[i] = fifthPower(state[i]) }
            } else {
                state[0] = fifthPower(state[0])
            }
            for i in 0..<t {
                var sum = Fr.zero
                for j in 0..<t { sum += p.mds[i * t + j] * state[j] }
                next[i] = sum
            }
            swap(&state, &next)
        }
        return state
    }

    @inline(__always)
    static func fifthPower(_ x: Fr) -> Fr {
        let square = x.squared()
        return square.squared() * x
    }
}
