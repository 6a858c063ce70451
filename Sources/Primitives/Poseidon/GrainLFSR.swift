import Algebra

/// The Grain LFSR of the Poseidon paper's reference parameter generation
/// (generate_parameters_grain), in self-shrinking mode: 80 bits seeded with
/// (field = 1 for a prime field, S-box = 0 for x^5, the field's bit size, the
/// width, full and partial rounds, thirty 1s), 160 steps discarded.
struct GrainLFSR {
    /// The 80 bits, the oldest (s₀) at bit 79 and the newest at bit 0.
    private var register: UInt128 = 0

    init(fieldBits: Int, width: Int, fullRounds: Int, partialRounds: Int) {
        for (value, bits) in [(1, 2), (0, 4), (fieldBits, 12), (width, 12), (fullRounds, 10), (partialRounds, 10), ((1 << 30) - 1, 30)] {
            register = register << bits | UInt128(value)
        }
        for _ in 0..<160 { _ = step() }
    }

    /// The next bit of the register, sᵢ₊₈₀ = sᵢ₊₆₂ ⊕ sᵢ₊₅₁ ⊕ sᵢ₊₃₈ ⊕ sᵢ₊₂₃ ⊕ sᵢ₊₁₃ ⊕ sᵢ,
    /// which enters as the oldest bit leaves.
    private mutating func step() -> UInt64 {
        func bit(_ index: Int) -> UInt128 { register >> (79 - index) & 1 }
        let next = bit(62) ^ bit(51) ^ bit(38) ^ bit(23) ^ bit(13) ^ bit(0)
        register = (register << 1 | next) & ((1 << 80) - 1)
        return UInt64(next)
    }

    /// The next output bit: of each pair of register bits, the second when
    /// the first is 1.
    mutating func bit() -> UInt64 {
        while true {
            let first = step(), second = step()
            if first == 1 { return second }
        }
    }

    /// The next `bits` output bits as an integer, most significant first, as
    /// little-endian 64-bit limbs (`bits` ≤ 256).
    mutating func integer(bits: Int) -> [UInt64] {
        var limbs = [UInt64](repeating: 0, count: 4)
        for _ in 0..<bits {
            for index in stride(from: 3, to: 0, by: -1) { limbs[index] = limbs[index] << 1 | limbs[index - 1] >> 63 }
            limbs[0] = limbs[0] << 1 | bit()
        }
        return limbs
    }
}
