import R1CS

/// Why a Groth16 operation was refused.
public enum Groth16Error: Error, Equatable, CustomStringConvertible {
    /// The witness does not satisfy the circuit.
    case unsatisfied(ConstraintSystemError)
    /// A key made for another circuit.
    case wrongCircuit(expected: String, found: String)
    /// The number of public inputs does not match the key.
    case wrongInputCount(expected: Int, actual: Int)
    /// The circuit is too large for Fr's roots of unity.
    case circuitTooLarge(constraints: Int)

    public var description: String {
        switch self {
        case .unsatisfied(let error):
            return "cannot prove: \(error)"
        case .wrongCircuit(let expected, let found):
            return "the key was made for \(found), not for \(expected); run setup for this circuit"
        case .wrongInputCount(let expected, let actual):
            return "the verifying key takes \(expected) public inputs, got \(actual)"
        case .circuitTooLarge(let constraints):
            return "\(constraints) constraints exceed the largest FFT domain over Fr (2^28)"
        }
    }
}
