import Algebra
import R1CS

/// What ties a zkey to a constraint system: snarkjs's domain for it and
/// its coefficients section (zkey_new.js), which the prover evaluates the
/// witness with. A zkey whose sizes or coefficients differ proves another
/// circuit, whatever its points are.
extension SnarkJSZkey {
    /// The power of two of the domain snarkjs gives `r1cs`: the smallest
    /// 2^k above its constraints and public inputs, which leaves one row per
    /// public signal (the constant one included).
    public static func domainPower(for r1cs: R1CS) -> Int {
        let rows = r1cs.constraintCount + r1cs.inputCount
        return (Int.bitWidth - rows.leadingZeroBitCount - 1) + 1
    }

    /// Section 4 for `r1cs`: row by row its A entries, then its B entries,
    /// each in ascending wire order; then the extra rows, one per public
    /// signal, with 1 in A.
    public static func coefficients(of r1cs: R1CS) -> [Coefficient] {
        var entries = [Coefficient]()
        for row in 0..<r1cs.constraintCount {
            for (matrix, source) in [(UInt32(0), r1cs.a), (1, r1cs.b)] {
                for (wire, value) in source.row(row).sorted(by: { $0.0 < $1.0 }) {
                    entries.append(Coefficient(matrix: matrix, constraint: UInt32(row), signal: UInt32(wire), value: value))
                }
            }
        }
        for signal in 0...r1cs.inputCount {
            entries.append(Coefficient(matrix: 0, constraint: UInt32(r1cs.constraintCount + signal), signal: UInt32(signal), value: .one))
        }
        return entries
    }

    /// Throws ``Failure/otherCircuit(_:)`` unless this zkey was made for
    /// `r1cs` (in ``R1CS/iden3Binary``'s wire order): the same signal,
    /// public and domain sizes, and the same coefficients.
    public func check(against r1cs: R1CS) throws(Failure) {
        let domain = 1 << Self.domainPower(for: r1cs)
        guard variableCount == r1cs.variableCount, publicCount == r1cs.inputCount, domainSize == domain else {
            throw .otherCircuit("it has \(variableCount) signals, \(publicCount) public and a domain of \(domainSize); "
                + "the circuit has \(r1cs.variableCount), \(r1cs.inputCount) and \(domain)")
        }
        guard coefficients == Self.coefficients(of: r1cs) else {
            throw .otherCircuit("its coefficients (section 4) are not the circuit's constraints")
        }
    }
}
