import CSodium

/// ffjavascript's ChaCha generator, the deterministic stream behind every
/// value snarkjs derives from a hash: the G2 point a contribution's
/// transcript names, and a beacon's secret.
///
/// The state is ChaCha20's: the four constants, the eight seed words as
/// the key, and words 12–15 as one 128-bit block counter (no nonce). Each
/// block is 10 double rounds added to the state; words are handed out in
/// order, and a 64-bit draw is the first word times 2³² plus the second.
public struct SnarkJSChaCha: Sendable {
    private var state: [UInt32]
    private var block = [UInt32](repeating: 0, count: 16)
    private var index = 16

    /// A generator seeded with eight 32-bit words.
    public init(seed: [UInt32]) {
        precondition(seed.count == 8, "a ChaCha seed is eight words")
        state = [0x6170_7865, 0x3320_646E, 0x7962_2D32, 0x6B20_6574] + seed + [0, 0, 0, 0]
    }

    /// The generator snarkjs seeds from a hash: its first 32 bytes as eight
    /// big-endian words.
    public init(seedingFrom hash: [UInt8]) {
        precondition(hash.count >= 32, "a ChaCha seed takes 32 bytes")
        self.init(seed: (0..<8).map { word in
            (0..<4).reduce(UInt32(0)) { $0 << 8 | UInt32(hash[4 * word + $1]) }
        })
    }

    /// The next 32-bit word.
    public mutating func nextU32() -> UInt32 {
        if index == 16 { refill() }
        defer { index += 1 }
        return block[index]
    }

    /// The next 64 bits: the first word is the high half.
    public mutating func nextU64() -> UInt64 {
        let high = UInt64(nextU32())
        return high << 32 | UInt64(nextU32())
    }

    /// The lowest bit of the next word.
    public mutating func nextBool() -> Bool { nextU32() & 1 == 1 }

    private mutating func refill() {
        var working = state
        func quarterRound(_ a: Int, _ b: Int, _ c: Int, _ d: Int) {
            working[a] &+= working[b]; working[d] ^= working[a]; working[d] = working[d] << 16 | working[d] >> 16
            working[c] &+= working[d]; working[b] ^= working[c]; working[b] = working[b] << 12 | working[b] >> 20
            working[a] &+= working[b]; working[d] ^= working[a]; working[d] = working[d] << 8 | working[d] >> 24
            working[c] &+= working[d]; working[b] ^= working[c]; working[b] = working[b] << 7 | working[b] >> 25
        }
        for _ in 0..<10 {
            quarterRound(0, 4, 8, 12); quarterRound(1, 5, 9, 13); quarterRound(2, 6, 10, 14); quarterRound(3, 7, 11, 15)
            quarterRound(0, 5, 10, 15); quarterRound(1, 6, 11, 12); quarterRound(2, 7, 8, 13); quarterRound(3, 4, 9, 14)
        }
        for i in 0..<16 { block[i] = working[i] &+ state[i] }
        index = 0
        for word in 12..<16 {
            state[word] &+= 1
            if state[word] != 0 { break }
        }
    }
}

extension SnarkJSChaCha {
    /// A generator seeded with 32 bytes from libsodium's CSPRNG; the seed is
    /// wiped once the state holds it.
    public static func seededFromLibsodium() -> SnarkJSChaCha {
        var seed = [UInt8](repeating: 0, count: 32)
        _ = sodium_init()
        randombytes_buf(&seed, seed.count)
        defer { sodium_memzero(&seed, seed.count) }
        return SnarkJSChaCha(seedingFrom: seed)
    }

    /// Overwrites the state and the buffered words with zeros.
    public mutating func wipe() {
        for index in state.indices { state[index] = 0 }
        for index in block.indices { block[index] = 0 }
        index = 16
    }
}
