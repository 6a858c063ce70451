/// BLAKE-512, the SHA-3 finalist (Aumasson et al., version 1.3: 16 rounds,
/// 64-bit words), not BLAKE2b. circomlibjs derives EdDSA keys and nonces with
/// it (the npm "blake-hash" package), so ours must too; libsodium has only
/// BLAKE2b. Used for key derivation only, never on a hot path.
public enum BLAKE512 {
    static let iv: [UInt64] = [
        0x6A09_E667_F3BC_C908, 0xBB67_AE85_84CA_A73B, 0x3C6E_F372_FE94_F82B, 0xA54F_F53A_5F1D_36F1,
        0x510E_527F_ADE6_82D1, 0x9B05_688C_2B3E_6C1F, 0x1F83_D9AB_FB41_BD6B, 0x5BE0_CD19_137E_2179,
    ]

    /// The first 16 64-bit words of π's fractional part.
    static let constants: [UInt64] = [
        0x243F_6A88_85A3_08D3, 0x1319_8A2E_0370_7344, 0xA409_3822_299F_31D0, 0x082E_FA98_EC4E_6C89,
        0x4528_21E6_38D0_1377, 0xBE54_66CF_34E9_0C6C, 0xC0AC_29B7_C97C_50DD, 0x3F84_D5B5_B547_0917,
        0x9216_D5D9_8979_FB1B, 0xD131_0BA6_98DF_B5AC, 0x2FFD_72DB_D01A_DFB7, 0xB8E1_AFED_6A26_7E96,
        0xBA7C_9045_F12C_7F99, 0x24A1_9947_B391_6CF7, 0x0801_F2E2_858E_FC16, 0x6369_20D8_7157_4E69,
    ]

    /// The message-word permutations σ₀ … σ₉ (round r uses σ_{r mod 10}).
    static let sigma: [[Int]] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
        [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
        [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
        [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
        [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
        [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
        [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
        [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
        [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
        [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
    ]

    /// The 64-byte digest of `message`.
    public static func hash(_ message: [UInt8]) -> [UInt8] {
        let bitLength = UInt64(message.count) * 8
        // Padding: a 1 bit, zeros up to 895 mod 1024, a 1 bit, the 128-bit length.
        var padded = message + [0x80]
        while padded.count % 128 != 112 { padded.append(0) }
        padded[padded.count - 1] |= 0x01
        padded += [UInt8](repeating: 0, count: 8)  // high 64 bits of the length
        for shift in stride(from: 56, through: 0, by: -8) { padded.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }

        var h = iv
        let blocks = padded.count / 128
        for block in 0..<blocks {
            // The counter holds the message bits up to this block; 0 for a block of padding only.
            let start = UInt64(block) * 1024
            let counter = start >= bitLength ? 0 : min(bitLength, start + 1024)
            var m = [UInt64](repeating: 0, count: 16)
            for i in 0..<16 {
                for j in 0..<8 { m[i] = m[i] << 8 | UInt64(padded[block * 128 + i * 8 + j]) }
            }
            compress(&h, m, counter: counter)
        }
        var digest = [UInt8]()
        for word in h {
            for shift in stride(from: 56, through: 0, by: -8) { digest.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        return digest
    }

    static func compress(_ h: inout [UInt64], _ m: [UInt64], counter: UInt64) {
        let c = constants
        var v = h + [c[0], c[1], c[2], c[3], counter ^ c[4], counter ^ c[5], c[6], c[7]]
        func g(_ a: Int, _ b: Int, _ cc: Int, _ d: Int, _ s: [Int], _ i: Int) {
            v[a] = v[a] &+ v[b] &+ (m[s[2 * i]] ^ c[s[2 * i + 1]])
            v[d] = (v[d] ^ v[a]).rotatedRight(32)
            v[cc] = v[cc] &+ v[d]
            v[b] = (v[b] ^ v[cc]).rotatedRight(25)
            v[a] = v[a] &+ v[b] &+ (m[s[2 * i + 1]] ^ c[s[2 * i]])
            v[d] = (v[d] ^ v[a]).rotatedRight(16)
            v[cc] = v[cc] &+ v[d]
            v[b] = (v[b] ^ v[cc]).rotatedRight(11)
        }
        for round in 0..<16 {
            let s = sigma[round % 10]
            g(0, 4, 8, 12, s, 0)
            g(1, 5, 9, 13, s, 1)
            g(2, 6, 10, 14, s, 2)
            g(3, 7, 11, 15, s, 3)
            g(0, 5, 10, 15, s, 4)
            g(1, 6, 11, 12, s, 5)
            g(2, 7, 8, 13, s, 6)
            g(3, 4, 9, 14, s, 7)
        }
        for i in 0..<8 { h[i] ^= v[i] ^ v[i + 8] }
    }
}

extension UInt64 {
    @inline(__always)
    func rotatedRight(_ count: UInt64) -> UInt64 { (self >> count) | (self << (64 - count)) }
}
