import Algebra
import R1CS
import Support

/// SHA-256 (FIPS 180-4) in constraints, the twin of ``SHA256`` (libsodium),
/// on bit variables. Words are 32 bits, most significant first, as the
/// standard writes them. Rotations and shifts only re-index bits; XOR of two
/// bits costs 1 constraint, Ch 1 per bit, Maj 2 per bit, and a sum of k words
/// is decomposed into 32 + ⌈log₂ k⌉ bits keeping the low 32.
///
/// Cost: 26,037 constraints per 64-byte block (pinned by the tests;
/// circomlib's is about 29,700).
public enum SHA256Gadget {
    /// A bit: a variable, a linear combination that is 0 or 1 by
    /// construction (no constraint of its own), or a constant.
    enum Bit {
        case variable(Variable)
        case linear(LinearCombination)
        case constant(Bool)

        var lc: LinearCombination {
            switch self {
            case .variable(let v): return LinearCombination(v)
            case .linear(let lc): return lc
            case .constant(let b): return b ? LinearCombination(constant: .one) : .zero
            }
        }
    }

    /// 32 bits, index 0 the most significant.
    typealias Word = [Bit]

    static let roundConstants: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    static let initialHash: [UInt32] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    ]

    /// SHA-256 of a message given as bits (most significant bit of each
    /// byte first); the 256 digest bits in the same order.
    public static func hash<CS: ConstraintSystem>(bits message: [Variable], _ cs: inout CS, _ name: String) throws -> [Variable] {
        try hash(message.map { Bit.variable($0) }, &cs, name)
    }

    /// The same over bits that may be constants or linear combinations
    /// (each 0 or 1 by construction), which cost nothing of their own.
    static func hash<CS: ConstraintSystem>(_ message: [Bit], _ cs: inout CS, _ name: String) throws -> [Variable] {
        var bits = message
        let length = UInt64(message.count)
        bits.append(.constant(true))
        while bits.count % 512 != 448 { bits.append(.constant(false)) }
        for index in stride(from: 63, through: 0, by: -1) { bits.append(.constant((length >> UInt64(index)) & 1 == 1)) }

        var state = initialHash.map(constantWord)
        for block in 0..<(bits.count / 512) {
            let chunk = Array(bits[(block * 512)..<((block + 1) * 512)])
            state = try compress(state, chunk, &cs, "\(name) block \(block)")
        }
        return state.flatMap { word in
            word.map { bit -> Variable in
                if case .variable(let v) = bit { return v }
                preconditionFailure("digest bits are always computed")
            }
        }
    }

    static func constantWord(_ value: UInt32) -> Word {
        (0..<32).map { .constant((value >> UInt32(31 - $0)) & 1 == 1) }
    }

    static func compress<CS: ConstraintSystem>(_ h: [Word], _ chunk: [Bit], _ cs: inout CS, _ name: String) throws -> [Word] {
        var w = (0..<16).map { Array(chunk[($0 * 32)..<(($0 + 1) * 32)]) }
        for t in 16..<64 {
            let s0 = try xor3(rotr(w[t - 15], 7), rotr(w[t - 15], 18), shr(w[t - 15], 3), &cs, "\(name) w\(t) s0")
            let s1 = try xor3(rotr(w[t - 2], 17), rotr(w[t - 2], 19), shr(w[t - 2], 10), &cs, "\(name) w\(t) s1")
            w.append(try add([s1, w[t - 7], s0, w[t - 16]], &cs, "\(name) w\(t)"))
        }
        var (a, b, c, d, e, f, g, hh) = (h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7])
        for t in 0..<64 {
            let label = "\(name) round \(t)"
            let sigma1 = try xor3(rotr(e, 6), rotr(e, 11), rotr(e, 25), &cs, "\(label) S1")
            let choose = try ch(e, f, g, &cs, "\(label) ch")
            let sigma0 = try xor3(rotr(a, 2), rotr(a, 13), rotr(a, 22), &cs, "\(label) S0")
            let majority = try maj(a, b, c, &cs, "\(label) maj")
            let t1 = [hh, sigma1, choose, constantWord(roundConstants[t]), w[t]]
            let newE = try add([d] + t1, &cs, "\(label) e")
            let newA = try add(t1 + [sigma0, majority], &cs, "\(label) a")
            (hh, g, f, e, d, c, b, a) = (g, f, e, newE, c, b, a, newA)
        }
        let finals = [a, b, c, d, e, f, g, hh]
        return try (0..<8).map { try add([h[$0], finals[$0]], &cs, "\(name) h\($0)") }
    }

    static func rotr(_ word: Word, _ n: Int) -> Word { (0..<32).map { word[($0 - n + 32) % 32] } }

    static func shr(_ word: Word, _ n: Int) -> Word { (0..<32).map { $0 < n ? .constant(false) : word[$0 - n] } }

    /// x ⊕ y: 1 constraint (z = x + y − 2xy), or none when either is
    /// constant (then it is x, or the free 1 − x).
    static func xor<CS: ConstraintSystem>(_ x: Bit, _ y: Bit, _ cs: inout CS, _ name: @autoclosure () -> String) throws -> Bit {
        switch (x, y) {
        case (.constant(let p), .constant(let q)): return .constant(p != q)
        case (.constant(let p), let other), (let other, .constant(let p)):
            return p ? .linear(LinearCombination(constant: .one) - other.lc) : other
        default:
            let p = x.lc, q = y.lc
            var value: Fr?
            if let a = cs.value(of: p), let b = cs.value(of: q) { value = a + b - (a * b).doubled() }
            let z = try cs.allocate(name(), value: value)
            cs.enforce(name(), p.doubled(), q, p + q - LinearCombination(z))
            return .variable(z)
        }
    }

    static func xor3<CS: ConstraintSystem>(_ x: Word, _ y: Word, _ z: Word, _ cs: inout CS, _ name: String) throws -> Word {
        try (0..<32).map { i in try xor(try xor(x[i], y[i], &cs, "\(name) \(i)a"), z[i], &cs, "\(name) \(i)b") }
    }

    /// Ch(e, f, g) = g + e·(f − g): 1 constraint per bit.
    static func ch<CS: ConstraintSystem>(_ e: Word, _ f: Word, _ g: Word, _ cs: inout CS, _ name: String) throws -> Word {
        try (0..<32).map { i in
            let product = try cs.multiply("\(name) \(i)", e[i].lc, f[i].lc - g[i].lc)
            return .linear(LinearCombination(product) + g[i].lc)
        }
    }

    /// Maj(a, b, c) = a·(b + c − 2bc) + bc: 2 constraints per bit.
    static func maj<CS: ConstraintSystem>(_ a: Word, _ b: Word, _ c: Word, _ cs: inout CS, _ name: String) throws -> Word {
        try (0..<32).map { i in
            let bc = try cs.multiply("\(name) \(i) bc", b[i].lc, c[i].lc)
            let rest = b[i].lc + c[i].lc - LinearCombination(bc).doubled()
            let product = try cs.multiply("\(name) \(i) a", a[i].lc, rest)
            return .linear(LinearCombination(product) + bc)
        }
    }

    /// The sum of words modulo 2^32: decomposed into 32 + carry bits.
    static func add<CS: ConstraintSystem>(_ words: [Word], _ cs: inout CS, _ name: String) throws -> Word {
        var sum = LinearCombination.zero
        for word in words {
            for (index, bit) in word.enumerated() { sum += Fr(UInt64(1) << UInt64(31 - index)) * bit.lc }
        }
        var carryBits = 0
        while (1 << carryBits) < words.count { carryBits += 1 }
        let bits = try BitsGadget.decompose(sum.simplified, bits: 32 + carryBits, &cs, name)
        return (0..<32).map { .variable(bits[31 - $0]) }
    }
}

extension LinearCombination {
    func doubled() -> LinearCombination { Fr(2) * self }
}
