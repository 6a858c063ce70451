import Algebra
import Primitives
import R1CS

/// Poseidon in constraints, the twin of ``Poseidon/hash(_:)``: circomlib's
/// permutation, with the round constants and MDS products folded into
/// linear combinations, so only S-boxes cost constraints (3 each: x², x⁴,
/// x⁵). An S-box whose input is a constant is computed natively, which is
/// how the first round's capacity element costs nothing.
///
/// Cost for n inputs (t = n + 1): 3·(8·t + partial rounds) − 3 constraints;
/// 240 for 2 inputs (circomlib's count), 297 for 4.
public enum PoseidonGadget {
    public static func hash<CS: ConstraintSystem>(_ inputs: [LinearCombination], _ cs: inout CS, _ name: String) throws -> LinearCombination {
        guard let parameters = Poseidon.parameters[inputs.count + 1], (1...Poseidon.maximumInputs).contains(inputs.count) else {
            throw Poseidon.InputError.unsupportedInputCount(inputs.count)
        }
        let t = parameters.width
        var state = [LinearCombination.zero] + inputs
        for round in 0..<(8 + parameters.partialRounds) {
            for i in 0..<t { state[i] = state[i] + LinearCombination(constant: parameters.roundConstants[round * t + i]) }
            let full = round < 4 || round >= 4 + parameters.partialRounds
            for i in 0..<(full ? t : 1) {
                state[i] = try fifthPower(state[i], &cs, "\(name) round \(round) sbox \(i)")
            }
            state = (0..<t).map { i in
                (0..<t).reduce(LinearCombination.zero) { $0 + parameters.mds[i * t + $1] * state[$1] }.simplified
            }
        }
        return state[0]
    }

    /// x⁵: 3 constraints, or none when x is a constant.
    static func fifthPower<CS: ConstraintSystem>(_ x: LinearCombination, _ cs: inout CS, _ name: @autoclosure () -> String) throws -> LinearCombination {
        if let constant = x.constantValue {
            let square = constant.squared()
            return LinearCombination(constant: square.squared() * constant)
        }
        let square = try cs.multiply("\(name()) x^2", x, x)
        let fourth = try cs.multiply("\(name()) x^4", LinearCombination(square), LinearCombination(square))
        return LinearCombination(try cs.multiply("\(name()) x^5", LinearCombination(fourth), x))
    }
}
