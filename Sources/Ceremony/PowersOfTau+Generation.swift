import Algebra
import CSodium
import Groth16
import R1CS

extension PowersOfTau {
    /// A single-party powers of tau for development and tests, in snarkjs's
    /// format and made as snarkjs makes one: `powersoftau new` (every point
    /// a generator), one `contribute` with secrets τ, α, β drawn from
    /// libsodium, and `prepare phase2`. Whoever ran it knows τ: a
    /// deployment uses a public ceremony's .ptau instead.
    ///
    /// The contribution record is snarkjs's (powersoftau_contribute.js),
    /// so `snarkjs powersoftau verify` accepts the file:
    /// - the first challenge hash is BLAKE2b over the empty hash and the
    ///   generators of the new accumulator, uncompressed;
    /// - the key: per secret, [s]₁ drawn from the generator, [s·x]₁, and
    ///   [sp·x]₂ for sp = hashToG2(BLAKE2b(personalization 0/1/2,
    ///   challenge, [s]₁, [s·x]₁));
    /// - the response hash covers the challenge, sections 2–6 compressed
    ///   and the key; its state before the key is the recorded partial hash;
    /// - the next challenge is BLAKE2b of the response hash and sections 2–6
    ///   uncompressed.
    ///
    /// Sections 12–15 are the Lagrange points, computed from the secrets.
    /// snarkjs computes them from the points by an inverse FFT, whose top
    /// domain of section 12 (2^(power+1)) lacks [τ^(2^(power+1)−1)]₁ and
    /// counts it as zero: that level is Lᵢ(τ) − ωⁱ·τ^(M−1)/M here too.
    public static func generate(
        power: Int, name: String?, threads: Int = Parallelism.available, progress: ((String) -> Void)? = nil
    ) throws(CeremonyError) -> PowersOfTau {
        var generator = SnarkJSChaCha.seededFromLibsodium()
        defer { generator.wipe() }
        return try generate(power: power, name: name, generator: &generator, threads: threads, progress: progress)
    }

    /// The same with the secrets drawn from `generator`: τ, α and β first,
    /// then the contribution's key. A seeded generator makes a reproducible
    /// file, for tests; its secrets are as public as the seed.
    public static func generate(
        power: Int, name: String?, generator: inout SnarkJSChaCha, threads: Int, progress: ((String) -> Void)?
    ) throws(CeremonyError) -> PowersOfTau {
        guard (1...27).contains(power) else { throw .badPower(power) }
        if let name, name.utf16.count > PhaseTwoContribution.maximumNameLength { throw .nameTooLong(name.utf16.count) }
        let n = 1 << power
        var secrets = [SnarkJSSampling.fr(&generator), SnarkJSSampling.fr(&generator), SnarkJSSampling.fr(&generator)]
        defer { secrets.withUnsafeMutableBytes { sodium_memzero($0.baseAddress, $0.count) } }
        let (tau, alpha, beta) = (secrets[0], secrets[1], secrets[2])

        let challenge = firstChallengeHash(power: power)
        let (keyG1, keyG2) = key(secrets: secrets, challenge: challenge, generator: &generator)

        progress?("powers of τ")
        var powers = [Fr](repeating: .one, count: 2 * n - 1)
        for index in 1..<powers.count { powers[index] = powers[index - 1] * tau }
        defer { powers.withUnsafeMutableBytes { sodium_memzero($0.baseAddress, $0.count) } }
        let g1 = FixedBaseTable(base: G1Affine.generator), g2 = FixedBaseTable(base: G2Affine.generator)
        /// The points of secret-derived scalars, which are wiped after use.
        func points<C>(_ table: FixedBaseTable<C>, _ scalars: inout [Fr]) -> [AffinePoint<C>] {
            defer { scalars.withUnsafeMutableBytes { sodium_memzero($0.baseAddress, $0.count) } }
            return table.multiplyAll(scalars, threads: threads)
        }
        let tauG1 = g1.multiplyAll(powers, threads: threads)
        var scratch = Array(powers[0..<n])
        let tauG2 = points(g2, &scratch)
        scratch = powers[0..<n].map { $0 * alpha }
        let alphaTauG1 = points(g1, &scratch)
        scratch = powers[0..<n].map { $0 * beta }
        let betaTauG1 = points(g1, &scratch)
        let betaG2 = g2.multiply(beta).affine

        progress?("contribution record")
        var response = ResumableBlake2b()
        response.update(challenge)
        for point in tauG1 { response.update(CompressedPointCoding.compressed(point)) }
        for point in tauG2 { response.update(CompressedPointCoding.compressed(point)) }
        for point in alphaTauG1 { response.update(CompressedPointCoding.compressed(point)) }
        for point in betaTauG1 { response.update(CompressedPointCoding.compressed(point)) }
        response.update(CompressedPointCoding.compressed(betaG2))
        let partialHash = response.partialState
        let keyOrder = [keyG1[0], keyG1[1], keyG1[2], keyG1[3], keyG1[4], keyG1[5]]
        response.update(keyOrder.flatMap(SnarkJSPointCoding.uncompressed) + keyG2.flatMap(SnarkJSPointCoding.uncompressed))
        let nextChallenge = challengeHash(
            after: response.digest(), tauG1: tauG1, tauG2: tauG2, alphaTauG1: alphaTauG1, betaTauG1: betaTauG1, betaG2: betaG2)

        var contribution = LittleEndianWriter()
        contribution.write(UInt32(1))
        contribution.write(SnarkJSPointCoding.montgomery(tauG1[1]))
        contribution.write(SnarkJSPointCoding.montgomery(tauG2[1]))
        contribution.write(SnarkJSPointCoding.montgomery(alphaTauG1[0]))
        contribution.write(SnarkJSPointCoding.montgomery(betaTauG1[0]))
        contribution.write(SnarkJSPointCoding.montgomery(betaG2))
        for point in keyOrder { contribution.write(SnarkJSPointCoding.montgomery(point)) }
        for point in keyG2 { contribution.write(SnarkJSPointCoding.montgomery(point)) }
        contribution.write(partialHash)
        contribution.write(nextChallenge)
        contribution.write(UInt32(0))
        let nameBytes = name.map { Array($0.utf8) } ?? []
        if nameBytes.isEmpty {
            contribution.write(UInt32(0))
        } else {
            contribution.write(UInt32(2 + nameBytes.count))
            contribution.write([1, UInt8(nameBytes.count)] + nameBytes)
        }

        progress?("Lagrange points")
        var file = Iden3BinaryFile(magic: "ptau", version: 1)
        file.addSection(1) { header in
            header.write(UInt32(32))
            header.write(SnarkJSPointCoding.littleEndian(FqParameters.derived.modulusLimbs))
            header.write(UInt32(power))
            header.write(UInt32(power))
        }
        file.addSection(2) { section in for point in tauG1 { section.write(SnarkJSPointCoding.montgomery(point)) } }
        file.addSection(3) { section in for point in tauG2 { section.write(SnarkJSPointCoding.montgomery(point)) } }
        file.addSection(4) { section in for point in alphaTauG1 { section.write(SnarkJSPointCoding.montgomery(point)) } }
        file.addSection(5) { section in for point in betaTauG1 { section.write(SnarkJSPointCoding.montgomery(point)) } }
        file.addSection(6) { section in section.write(SnarkJSPointCoding.montgomery(betaG2)) }
        file.addSection(7) { section in section.write(contribution.bytes) }
        var lagrange = [Fr]()
        for k in 0...(power + 1) { lagrange += try lagrangeScalars(tau: tau, domainPower: k, truncated: k == power + 1) }
        defer { lagrange.withUnsafeMutableBytes { sodium_memzero($0.baseAddress, $0.count) } }
        let upTo = 2 * n - 1
        let lagrangeTauG1 = g1.multiplyAll(lagrange, threads: threads)
        file.addSection(12) { section in for point in lagrangeTauG1 { section.write(SnarkJSPointCoding.montgomery(point)) } }
        scratch = Array(lagrange[0..<upTo])
        let lagrangeTauG2 = points(g2, &scratch)
        file.addSection(13) { section in for point in lagrangeTauG2 { section.write(SnarkJSPointCoding.montgomery(point)) } }
        scratch = lagrange[0..<upTo].map { $0 * alpha }
        let lagrangeAlpha = points(g1, &scratch)
        file.addSection(14) { section in for point in lagrangeAlpha { section.write(SnarkJSPointCoding.montgomery(point)) } }
        scratch = lagrange[0..<upTo].map { $0 * beta }
        let lagrangeBeta = points(g1, &scratch)
        file.addSection(15) { section in for point in lagrangeBeta { section.write(SnarkJSPointCoding.montgomery(point)) } }
        return PowersOfTau(container: file, power: power)
    }

    /// A contribution's public key for `secrets` (τ, α, β) answering
    /// `challenge` (snarkjs's createPTauKey): per secret x, [s]₁ drawn from
    /// `generator`, [s·x]₁, and [sp·x]₂ (``keyBase(personalization:challenge:s:sx:)``).
    static func key(secrets: [Fr], challenge: [UInt8], generator: inout SnarkJSChaCha) -> (g1: [G1Affine], g2: [G2Affine]) {
        var keyG1 = [G1Affine](), keyG2 = [G2Affine]()
        for (personalization, secret) in secrets.enumerated() {
            let s = SnarkJSSampling.g1(&generator)
            let sx = s.jacobian.multiplied(by: secret).affine
            keyG1 += [s, sx]
            keyG2.append(keyBase(personalization: personalization, challenge: challenge, s: s, sx: sx).jacobian.multiplied(by: secret).affine)
        }
        return (keyG1, keyG2)
    }

    /// The key of a beacon contribution answering `challenge`: its secrets
    /// τ, α, β, then its key, drawn from the beacon's `generator`.
    static func key(challenge: [UInt8], generator: inout SnarkJSChaCha) -> (g1: [G1Affine], g2: [G2Affine]) {
        var secrets = [Fr]()
        for _ in 0..<3 { secrets.append(SnarkJSSampling.fr(&generator)) }
        return key(secrets: secrets, challenge: challenge, generator: &generator)
    }

    /// [sp]₂ = hashToG2(BLAKE2b(personalization (0 τ, 1 α, 2 β) ‖ challenge ‖ [s]₁ ‖ [s·x]₁)), uncompressed (snarkjs's getG2sp).
    static func keyBase(personalization: Int, challenge: [UInt8], s: G1Affine, sx: G1Affine) -> G2Affine {
        var hasher = Blake2b512()
        hasher.update([UInt8(personalization)] + challenge + SnarkJSPointCoding.uncompressed(s) + SnarkJSPointCoding.uncompressed(sx))
        return SnarkJSSampling.hashToG2(hasher.digest())
    }

    /// snarkjs's `calculateFirstChallengeHash`: BLAKE2b of the empty
    /// BLAKE2b digest and a new accumulator's points, uncompressed.
    static func firstChallengeHash(power: Int) -> [UInt8] {
        let n = 1 << power
        let g1 = SnarkJSPointCoding.uncompressed(G1Affine.generator), g2 = SnarkJSPointCoding.uncompressed(G2Affine.generator)
        var hasher = Blake2b512()
        hasher.update(Blake2b512().digest())
        for (point, count) in [(g1, 2 * n - 1), (g2, n), (g1, n), (g1, n), (g2, 1)] {
            let block = [[UInt8]](repeating: point, count: min(count, 4096)).flatMap { $0 }
            for _ in 0..<(count / 4096) { hasher.update(block) }
            hasher.update(Array(block[0..<((count % 4096) * point.count)]))
        }
        return hasher.digest()
    }

    /// Lᵢ(τ) for the domain of size 2^k: ωⁱ(τⁿ − 1) / (n(τ − ωⁱ)); with
    /// `truncated`, minus ωⁱ·τ^(n−1)/n, the term of the missing top power.
    static func lagrangeScalars(tau: Fr, domainPower k: Int, truncated: Bool) throws(CeremonyError) -> [Fr] {
        let n = 1 << k
        let domain: EvaluationDomain
        do { domain = try EvaluationDomain(minimumSize: n) } catch { throw .badPower(k) }
        var roots = [Fr](repeating: .one, count: n)
        for index in 1..<max(n, 1) { roots[index] = roots[index - 1] * domain.generator }
        var differences = roots.map { tau - $0 }
        guard differences.allSatisfy({ !$0.isZero }) else { throw .zeroSecret }
        Fr.batchInvert(&differences)
        let tauToN = tau.pow(UInt64(n))
        let scale = (tauToN - .one) * domain.sizeInverse
        let topTerm = tauToN * tau.inverse()! * domain.sizeInverse
        return (0..<n).map { index in
            let value = roots[index] * scale * differences[index]
            return truncated ? value - roots[index] * topTerm : value
        }
    }

    init(container: Iden3BinaryFile, power: Int) {
        self.container = container
        self.power = power
        ceremonyPower = power
    }
}
