/// BLAKE2b-512 whose running state can be written out and resumed, as a
/// .ptau contribution records the response hash before its public key
/// ("partialHash", 216 bytes). libsodium keeps its state opaque, so the
/// compression is written out here (RFC 7693); ``Blake2b512`` (libsodium)
/// is the reference it is tested against.
///
/// The layout is snarkjs's (misc.js `toPartialHash`, over
/// @noble/hashes' state): the 128-byte block buffer, the eight state words
/// as sixteen little-endian u32 (low half first), then u32 words 16–19:
/// the bytes compressed so far (low, high) and the bytes buffered (low,
/// high), and two zero words. The buffer always holds the last 1–128 bytes absorbed, so the
/// state depends only on the bytes, not on how they were fed.
struct ResumableBlake2b {
    private static let iv: [UInt64] = [
        0x6a09_e667_f3bc_c908, 0xbb67_ae85_84ca_a73b, 0x3c6e_f372_fe94_f82b, 0xa54f_f53a_5f1d_36f1,
        0x510e_527f_ade6_82d1, 0x9b05_688c_2b3e_6c1f, 0x1f83_d9ab_fb41_bd6b, 0x5be0_cd19_137e_2179,
    ]
    private static let sigma: [[Int]] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
        [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4], [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
        [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13], [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
        [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11], [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
        [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5], [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
    ]

    private var h: [UInt64]
    private var buffer = [UInt8](repeating: 0, count: 128)
    private var buffered = 0
    private var compressed: UInt64 = 0

    init() {
        h = Self.iv
        h[0] ^= 0x0101_0040 // digest 64 bytes, no key, fanout 1, depth 1
    }

    /// Resumes a state written by ``partialState``.
    init?(partialState bytes: [UInt8]) {
        guard bytes.count == 216 else { return nil }
        func u32(_ index: Int) -> UInt64 { (0..<4).reduce(UInt64(0)) { $0 | UInt64(bytes[128 + 4 * index + $1]) << (8 * UInt64($1)) } }
        h = (0..<8).map { u32(2 * $0) | u32(2 * $0 + 1) << 32 }
        buffer = Array(bytes[0..<128])
        compressed = u32(16) | u32(17) << 32
        buffered = Int(u32(18) | u32(19) << 32)
        guard buffered <= 128, compressed % 128 == 0 else { return nil }
    }

    mutating func update(_ bytes: [UInt8]) {
        var position = 0
        while position < bytes.count {
            if buffered == 128 {
                compressed += 128
                compress(last: false)
                buffered = 0
            }
            let take = min(128 - buffered, bytes.count - position)
            buffer.replaceSubrange(buffered..<(buffered + take), with: bytes[position..<(position + take)])
            buffered += take
            position += take
        }
    }

    /// The state in snarkjs's 216-byte layout, the stale tail of the block
    /// buffer zeroed.
    var partialState: [UInt8] {
        var bytes = Array(buffer[0..<buffered]) + [UInt8](repeating: 0, count: 128 - buffered)
        func append(_ value: UInt64) { for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) } }
        for word in h { append(word & 0xffff_ffff); append(word >> 32) }
        append(compressed & 0xffff_ffff); append(compressed >> 32)
        append(UInt64(buffered)); append(0)
        return bytes + [UInt8](repeating: 0, count: 8)
    }

    func digest() -> [UInt8] {
        var copy = self
        for index in copy.buffered..<128 { copy.buffer[index] = 0 }
        copy.compressed += UInt64(copy.buffered)
        copy.compress(last: true)
        return copy.h.flatMap { word in (0..<8).map { UInt8(truncatingIfNeeded: word >> (8 * UInt64($0))) } }
    }

    private mutating func compress(last: Bool) {
        let m = (0..<16).map { word in (0..<8).reduce(UInt64(0)) { $0 | UInt64(buffer[8 * word + $1]) << (8 * UInt64($1)) } }
        var v = h + Self.iv
        v[12] ^= compressed
        if last { v[14] = ~v[14] }
        func mix(_ a: Int, _ b: Int, _ c: Int, _ d: Int, _ x: UInt64, _ y: UInt64) {
            v[a] = v[a] &+ v[b] &+ x; v[d] = (v[d] ^ v[a]).rotatedRight(32)
            v[c] = v[c] &+ v[d]; v[b] = (v[b] ^ v[c]).rotatedRight(24)
            v[a] = v[a] &+ v[b] &+ y; v[d] = (v[d] ^ v[a]).rotatedRight(16)
            v[c] = v[c] &+ v[d]; v[b] = (v[b] ^ v[c]).rotatedRight(63)
        }
        for round in 0..<12 {
            let s = Self.sigma[round % 10]
            mix(0, 4, 8, 12, m[s[0]], m[s[1]]); mix(1, 5, 9, 13, m[s[2]], m[s[3]])
            mix(2, 6, 10, 14, m[s[4]], m[s[5]]); mix(3, 7, 11, 15, m[s[6]], m[s[7]])
            mix(0, 5, 10, 15, m[s[8]], m[s[9]]); mix(1, 6, 11, 12, m[s[10]], m[s[11]])
            mix(2, 7, 8, 13, m[s[12]], m[s[13]]); mix(3, 4, 9, 14, m[s[14]], m[s[15]])
        }
        for index in 0..<8 { h[index] ^= v[index] ^ v[index + 8] }
    }
}

private extension UInt64 {
    func rotatedRight(_ count: UInt64) -> UInt64 { self >> count | self << (64 - count) }
}
