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
        if !cs.needsLinearCombinations { return try hashByValues(inputs, parameters, &cs, name) }
        let t = parameters.width
        var state = [LinearCombination.zero] + inputs
        for round in 0..<(8 + parameters.partialRounds) {
            for i in 0..<t { state[i] = state[i] + LinearCombination(constant: parameters.roundConstants[round * t + i]) }
            for i in 0..<sBoxCount(round, parameters) {
                state[i] = try fifthPower(state[i], &cs, "\(name) round \(round) sbox \(i)")
            }
            state = (0..<t).map { i in
                (0..<t).reduce(LinearCombination.zero) { $0 + parameters.mds[i * t + $1] * state[$1] }.simplified
            }
        }
        return state[0]
    }

    /// The same variables, values and constraints as ``hash(_:_:_:)``, for a
    /// system that takes constraints by their values: the state is carried
    /// as values instead of linear combinations that grow by one variable
    /// per partial round. Each S-box output is read back from the system, so
    /// later values follow the assignment as the combinations would.
    static func hashByValues<CS: ConstraintSystem>(
        _ inputs: [LinearCombination], _ parameters: PoseidonParameters, _ cs: inout CS, _ name: String
    ) throws -> LinearCombination {
        let t = parameters.width
        var state = [Fr.zero], isConstant = [true]
        for input in inputs {
            guard let value = cs.value(of: input) else { throw ConstraintSystemError.missingWitness("\(name) input") }
            state.append(value)
            isConstant.append(input.constantValue != nil)
        }
        var outputs = [Variable?](repeating: nil, count: t)
        for round in 0..<(8 + parameters.partialRounds) {
            for i in 0..<t { state[i] += parameters.roundConstants[round * t + i] }
            for i in 0..<sBoxCount(round, parameters) {
                let x = state[i]
                if isConstant[i] {
                    state[i] = x.squared().squared() * x
                    continue
                }
                let label = "\(name) round \(round) sbox \(i)"
                let square = try cs.allocate("\(label) x^2", value: x * x)
                let squareValue = cs.value(of: square)!
                cs.enforce("\(label) x^2 product", values: x, x, squareValue)
                let fourth = try cs.allocate("\(label) x^4", value: squareValue * squareValue)
                let fourthValue = cs.value(of: fourth)!
                cs.enforce("\(label) x^4 product", values: squareValue, squareValue, fourthValue)
                let fifth = try cs.allocate("\(label) x^5", value: fourthValue * x)
                state[i] = cs.value(of: fifth)!
                cs.enforce("\(label) x^5 product", values: fourthValue, x, state[i])
                outputs[i] = fifth
            }
            state = (0..<t).map { i in (0..<t).reduce(Fr.zero) { $0 + parameters.mds[i * t + $1] * state[$1] } }
            let mixesVariables = isConstant.contains(false)
            isConstant = [Bool](repeating: !mixesVariables, count: t)
        }
        if isConstant[0] { return LinearCombination(constant: state[0]) }
        // The last round is full: its output is the first MDS row over the
        // last S-box outputs, as ``hash(_:_:_:)`` builds it.
        return (0..<t).reduce(LinearCombination.zero) { sum, j in
            sum + parameters.mds[j] * LinearCombination(outputs[j]!)
        }.simplified
    }

    /// How many state elements round `round` raises to the fifth power: all
    /// in the 8 full rounds, the first in partial ones.
    private static func sBoxCount(_ round: Int, _ parameters: PoseidonParameters) -> Int {
        round < 4 || round >= 4 + parameters.partialRounds ? parameters.width : 1
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
