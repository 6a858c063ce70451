import Algebra
import Support

/// A block's commitment, the third of its circuit's four public inputs
/// (old root, new root, commitment, chain id): SHA-256 over the block
/// number, total fee and pubdata, its top three bits cleared so it is below
/// r. The roots and the chain id are public inputs of their own, so the
/// hash need not cover them.
///
/// Preimage: block number (4 bytes) ‖ total fee (16) ‖ pubdata; integers
/// big-endian.
public enum BlockCommitment {
    public static func compute(blockNumber: UInt32, totalFee: UInt128, pubdata: [UInt8]) -> Fr {
        var preimage = BigEndian.bytes(UInt128(blockNumber), count: 4)
        preimage += BigEndian.bytes(totalFee, count: 16) + pubdata
        var digest = SHA256.hash(preimage)
        digest[0] &= 0x1F
        return try! Fr(bigEndianBytes: digest)
    }

    /// A block circuit's public inputs, in their order.
    public static func publicInputs(oldRoot: Fr, newRoot: Fr, commitment: Fr, chainID: ChainID) -> [Fr] {
        [oldRoot, newRoot, commitment, chainID.element]
    }

    /// The number of a block circuit's public inputs.
    public static let publicInputCount = 4
}
