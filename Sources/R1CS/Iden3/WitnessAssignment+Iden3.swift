import Algebra

extension WitnessAssignment {
    /// The full assignment as snarkjs writes a witness: iden3's .wtns,
    /// version 2. Section 1: field size 32, the prime r, the value count;
    /// section 2: the values [1, public inputs…, private witnesses…], each
    /// 32 bytes little-endian.
    public var iden3Binary: [UInt8] {
        let values = assignment
        var file = Iden3BinaryFile(magic: "wtns", version: 2)
        file.addSection(1) { header in
            header.write(UInt32(Iden3BinaryFile.fieldSize))
            header.writeScalarModulus()
            header.write(UInt32(values.count))
        }
        file.addSection(2) { section in
            section.reserveCapacity(values.count * Iden3BinaryFile.fieldSize)
            for value in values { section.write(value) }
        }
        return file.encoded
    }
}
