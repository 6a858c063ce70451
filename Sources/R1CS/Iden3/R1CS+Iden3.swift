import Algebra

extension R1CS {
    /// The constraint system as circom writes it: iden3's .r1cs, version 1
    /// (r1csfile's doc/r1cs_bin_format.md), which snarkjs, rapidsnark and
    /// arkworks' circom reader load.
    ///
    /// - Section 1, header: field size 32, the prime r, wires (all
    ///   variables, wire 0 the constant one), public outputs 0, public
    ///   inputs (the block commitment), private inputs 0, labels (one per
    ///   wire), constraints.
    /// - Section 2, constraints: A, B and C of each, each a u32 term count
    ///   and then per term a u32 wire and its coefficient, wires ascending.
    /// - Section 3, wire to label: wire i has label i (u64 each).
    ///
    /// Wires are numbered as this system numbers its variables:
    /// [1, public inputs…, private witnesses…], so a witness from
    /// ``WitnessAssignment/assignment`` is the matching .wtns.
    public var iden3Binary: [UInt8] {
        var file = Iden3BinaryFile(magic: "r1cs", version: 1)
        file.addSection(1) { header in
            header.write(UInt32(Iden3BinaryFile.fieldSize))
            header.writeScalarModulus()
            header.write(UInt32(variableCount))
            header.write(UInt32(0))
            header.write(UInt32(inputCount))
            header.write(UInt32(0))
            header.write(UInt64(variableCount))
            header.write(UInt32(constraintCount))
        }
        file.addSection(2) { constraints in
            constraints.reserveCapacity((a.columns.count + b.columns.count + c.columns.count) * 36 + constraintCount * 12)
            for j in 0..<constraintCount {
                for matrix in [a, b, c] {
                    let terms = matrix.row(j).sorted { $0.0 < $1.0 }
                    constraints.write(UInt32(terms.count))
                    for (wire, coefficient) in terms {
                        constraints.write(UInt32(wire))
                        constraints.write(coefficient)
                    }
                }
            }
        }
        file.addSection(3) { labels in
            for wire in 0..<variableCount { labels.write(UInt64(wire)) }
        }
        return file.encoded
    }
}
