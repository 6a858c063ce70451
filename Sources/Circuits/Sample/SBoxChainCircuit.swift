import Algebra
import R1CS

/// A synthetic circuit of about N constraints for exercising and
/// benchmarking Groth16: a two-element state (s0, s1) through rounds of
/// s0' = s0⁵ + s1 + cᵢ, s1' = s0 (an x⁵ S-box with linear mixing).
///
/// Public inputs: the starting value x (s0 = x, s1 = 0) and the final s0.
/// Cost: 3 constraints per round, plus 1 binding the output.
public struct SBoxChainCircuit: Circuit {
    /// The number of rounds.
    public let rounds: Int
    /// The starting value, or nil for setup.
    public let input: Fr?

    /// A chain of about `constraints` constraints.
    public init(constraints: Int, input: Fr?) {
        self.init(rounds: max(1, (constraints - 1) / 3), input: input)
    }

    public init(rounds: Int, input: Fr?) {
        self.rounds = rounds
        self.input = input
    }

    public var name: String { "sbox-chain-\(rounds)" }

    /// The round constant cᵢ = (i + 1)⁷ (any fixed public values do).
    public static func roundConstant(_ round: Int) -> Fr { Fr(UInt64(round + 1)).pow(7) }

    /// The chain computed natively: the expected public output.
    public static func output(rounds: Int, input: Fr) -> Fr {
        var (s0, s1) = (input, Fr.zero)
        for round in 0..<rounds {
            (s0, s1) = (s0.pow(5) + s1 + roundConstant(round), s0)
        }
        return s0
    }

    public func synthesize<CS: ConstraintSystem>(into cs: inout CS) throws {
        let x = try cs.allocatePublic("input", value: input)
        var s0 = LinearCombination(x)
        var s1 = LinearCombination.zero
        for round in 0..<rounds {
            try cs.namespace("round \(round)") { cs in
                let square = try cs.multiply("x^2", s0, s0)
                let fourth = try cs.multiply("x^4", LinearCombination(square), LinearCombination(square))
                let constant = Self.roundConstant(round)
                var nextValue: Fr?
                if let f = cs.value(of: fourth), let a = cs.value(of: s0), let b = cs.value(of: s1) {
                    nextValue = f * a + b + constant
                }
                let next = try cs.allocate("s0'", value: nextValue)
                cs.enforce("x^5 + s1 + c", LinearCombination(fourth), s0,
                           LinearCombination(next) - s1 - LinearCombination(constant: constant))
                s1 = s0
                s0 = LinearCombination(next)
            }
        }
        let output = try cs.allocatePublic("output", value: cs.value(of: s0))
        cs.enforceEqual("output = s0", LinearCombination(output), s0)
    }
}
