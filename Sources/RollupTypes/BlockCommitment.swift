import Algebra

/// The single public input of every block circuit: SHA-256 over the block
/// header and pubdata, its top three bits cleared so it is below r.
///
/// Preimage: block number (4 bytes) ‖ old root (32) ‖ new root (32) ‖
/// total fee (16) ‖ pubdata; integers big-endian, roots as 32-byte
/// big-endian field elements.
public enum BlockCommitment {
    public static func compute(blockNumber: UInt32, oldRoot: Fr, newRoot: Fr, totalFee: UInt128, pubdata: [UInt8]) -> Fr {
        var preimage = BigEndian.bytes(UInt128(blockNumber), count: 4)
        preimage += oldRoot.bigEndianBytes + newRoot.bigEndianBytes
        preimage += BigEndian.bytes(totalFee, count: 16) + pubdata
        var digest = SHA256.hash(preimage)
        digest[0] &= 0x1F
        return try! Fr(bigEndianBytes: digest)
    }
}
