import Algebra
import R1CS

/// Comparisons of a bit string with a constant.
public enum ComparisonGadget {
    /// Constrains the little-endian `bits` to an integer below `constant`
    /// (as integers, not modulo r). Scanning from the most significant bit it
    /// keeps e = "equal so far" and l = "already less": where the constant
    /// has a 1, l += e·(1 − bit) and e ← e·bit; where it has a 0, e ← e·(1 − bit).
    /// Cost: at most 2 constraints per bit, plus 1.
    public static func enforceLessThan<CS: ConstraintSystem>(
        _ bits: [Variable], constant: GMPInteger, _ cs: inout CS, _ name: String
    ) throws {
        precondition(constant.bitWidth <= bits.count, "the constant must fit the bit width")
        var equal = LinearCombination(constant: .one)
        var less = LinearCombination.zero
        for index in stride(from: bits.count - 1, through: 0, by: -1) {
            let bit = LinearCombination(bits[index])
            let notBit = LinearCombination(constant: .one) - bits[index]
            if constant.testBit(index) {
                less += LinearCombination(try cs.multiply("\(name) less \(index)", equal, notBit))
                equal = LinearCombination(try cs.multiply("\(name) equal \(index)", equal, bit))
            } else {
                equal = LinearCombination(try cs.multiply("\(name) equal \(index)", equal, notBit))
            }
        }
        cs.enforceEqual("\(name) is below the constant", less, LinearCombination(constant: .one))
    }
}
