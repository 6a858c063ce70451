import Algebra
import R1CS

/// `BlockCommitment.compute` in constraints: SHA-256 over block number (4
/// bytes) ‖ total fee (16) ‖ pubdata, the digest's top 3 bits dropped,
/// equal to the public input. (The roots are public inputs of their own.)
///
/// Cost: 32 (block number) + 129 (fee, none for a constant fee) + SHA-256
/// (26,037 per 64-byte block) + 1.
enum BlockCommitmentGadget {
    static func enforce<CS: ConstraintSystem>(
        commitment: Variable, blockNumber: UInt32?, totalFee: LinearCombination, pubdata: [LinearCombination], _ cs: inout CS
    ) throws {
        var message = [LinearCombination]()
        for index in stride(from: 31, through: 0, by: -1) {
            message.append(LinearCombination(try cs.allocateBoolean("block number bit \(index)", value: blockNumber.map { ($0 >> UInt32(index)) & 1 == 1 })))
        }
        if let fee = totalFee.constantValue {
            let limbs = fee.canonicalLimbs
            message += (0..<128).reversed().map { PubdataBits.constant((limbs[$0 / 64] >> UInt64($0 % 64)) & 1 == 1) }
        } else {
            message += PubdataBits.bigEndian(try BitsGadget.decompose(totalFee, bits: 128, &cs, "total fee"))
        }
        message += pubdata
        let bits = message.map { bit -> SHA256Gadget.Bit in
            if let constant = bit.constantValue { return .constant(!constant.isZero) }
            return .linear(bit)
        }
        let digest = try SHA256Gadget.hash(bits, &cs, "commitment")
        var value = LinearCombination.zero
        var weight = Fr.one
        for bit in digest[3...].reversed() {
            value += weight * LinearCombination(bit)
            weight = weight.doubled()
        }
        cs.enforceEqual("commitment matches", value, LinearCombination(commitment))
    }
}
