import Algebra

/// Poseidon's constants over BN254's Fr as circomlib uses them (x^5 S-box, 8
/// full rounds, partial rounds by width from circomlib's table), made when
/// first used by the Poseidon paper's reference procedure: a ``GrainLFSR``
/// whose 254-bit draws give the round constants (redrawn while not below
/// the modulus), then the Cauchy MDS matrix 1 / (x_i + y_j) from 2t further
/// draws reduced mod p (redrawn if any two coincide). Then the optimized
/// form the native hash runs (the paper's appendix B). Tests hold them to
/// circomlibjs' vectors and to scripts/gen_poseidon_constants.py, an
/// independent Python copy of the procedure.
enum PoseidonConstants {
    /// Partial rounds by width t (circomlib's table).
    static let partialRounds: [Int: Int] = [2: 56, 3: 57, 4: 56, 5: 60, 6: 60, 7: 63]
    static let fullRounds = 8

    /// circomlib's constants for width `t`: (8 + partial rounds) · t round
    /// constants, round-major, and the t × t MDS matrix.
    static func plain(width t: Int) -> (constants: [Fr], mds: [[Fr]]) {
        let partial = partialRounds[t]!
        var grain = GrainLFSR(fieldBits: 254, width: t, fullRounds: fullRounds, partialRounds: partial)
        var constants = [Fr]()
        while constants.count < (fullRounds + partial) * t {
            if let constant = try? Fr(GMPInteger(limbs: grain.integer(bits: 254))) { constants.append(constant) }
        }
        let modulus = FrParameters.derived.modulusInteger
        var draws = [Fr]()
        repeat {
            draws = (0..<(2 * t)).map { _ in try! Fr(GMPInteger(limbs: grain.integer(bits: 254)) % modulus) }
        } while Set(draws.map(\.description)).count < draws.count
        let mds = (0..<t).map { i in (0..<t).map { j in (draws[i] + draws[t + j]).inverse()! } }
        return (constants, mds)
    }
}
