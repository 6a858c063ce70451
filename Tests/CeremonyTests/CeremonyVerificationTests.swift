import Algebra
import Ceremony
import Foundation
import Groth16
import R1CS
import Testing

/// What `verify` catches: a ceremony (Fixtures/our-ceremony: carol, dave
/// and a beacon) changed in one place at a time, in a contribution's record
/// or in a section of the key, written out and read back; and ptau files
/// that cannot serve.
struct CeremonyVerificationTests {
    static func final() throws -> SnarkJSZkey { try SnarkJSZkey(bytes: try CeremonyTests.ours("circuit_final.zkey")) }
    static func ptau() throws -> PowersOfTau { try PowersOfTau(bytes: try CeremonyTests.ours("pot5.ptau")) }

    /// The verifier's verdict on the key after `change`, as written and read back.
    static func verdict(_ change: (inout SnarkJSZkey) throws -> Void) throws -> CeremonyError? {
        var zkey = try final()
        try change(&zkey)
        let reread = try SnarkJSZkey(bytes: zkey.encoded)
        let (ptau, r1cs) = (try ptau(), try CeremonyTests.r1cs())
        do {
            _ = try ZkeyVerifier.verify(zkey: reread, ptau: ptau, r1cs: r1cs)
            return nil
        } catch { return error }
    }

    /// The verdict after changing contribution `index` (0-based) of the record.
    static func verdict(contribution index: Int, _ change: (inout PhaseTwoContribution) -> Void) throws -> CeremonyError? {
        try verdict { zkey in
            var parameters = try PhaseTwoParameters(zkey: zkey)
            change(&parameters.contributions[index])
            zkey.contributions = parameters.encoded
        }
    }

    static func doubled(_ point: G1Affine) -> G1Affine { point.jacobian.doubled().affine }
    static func doubled(_ point: G2Affine) -> G2Affine { point.jacobian.doubled().affine }

    static func refusedContribution(_ error: CeremonyError?) -> (Int, String)? {
        guard case .badContribution(let index, _, let reason)? = error else { return nil }
        return (index, reason)
    }

    static func mismatch(_ error: CeremonyError?) -> String? {
        guard case .keyMismatch(let detail)? = error else { return nil }
        return detail
    }

    @Test func theUntouchedKeyVerifies() throws {
        #expect(try Self.verdict { _ in } == nil)
    }

    @Test func aChangedContributionIsNamed() throws {
        let proofOfKnowledge = Self.refusedContribution(try Self.verdict(contribution: 0) { $0.g2SPX = Self.doubled($0.g2SPX) })
        #expect(proofOfKnowledge?.0 == 1 && proofOfKnowledge?.1.contains("proof of knowledge") == true)
        let transcript = Self.refusedContribution(try Self.verdict(contribution: 1) { $0.transcript[5] ^= 1 })
        #expect(transcript?.0 == 2 && transcript?.1.contains("transcript") == true)
        let secretKey = Self.refusedContribution(try Self.verdict(contribution: 1) { $0.g1SX = Self.doubled($0.g1SX) })
        #expect(secretKey?.0 == 2)
        let delta = Self.refusedContribution(try Self.verdict(contribution: 0) { $0.deltaAfter = Self.doubled($0.deltaAfter) })
        #expect(delta?.0 == 1 && delta?.1.contains("δ after") == true)
        let beaconHash = Self.refusedContribution(try Self.verdict(contribution: 2) { $0.origin = .beacon(hash: [9] + CeremonyTests.beaconHash.dropFirst(), iterationsExponent: 10) })
        #expect(beaconHash?.0 == 3 && beaconHash?.1.contains("beacon") == true)
        let iterations = Self.refusedContribution(try Self.verdict(contribution: 2) { $0.origin = .beacon(hash: CeremonyTests.beaconHash, iterationsExponent: 11) })
        #expect(iterations?.0 == 3)
        // A dropped contribution breaks the next one's transcript.
        let dropped = Self.refusedContribution(try Self.verdict { zkey in
            var parameters = try PhaseTwoParameters(zkey: zkey)
            parameters.contributions.remove(at: 1)
            zkey.contributions = parameters.encoded
        })
        #expect(dropped?.0 == 2 && dropped?.1.contains("transcript") == true)
        // Every transcript starts from the circuit hash.
        let circuitHash = Self.refusedContribution(try Self.verdict { zkey in
            var parameters = try PhaseTwoParameters(zkey: zkey)
            parameters.circuitHash[0] ^= 1
            zkey.contributions = parameters.encoded
        })
        #expect(circuitHash?.0 == 1 && circuitHash?.1.contains("transcript") == true)
        // A point that does not decode names its contribution too, by number and name.
        for (offset, part) in [(0, "δ after it"), (3 * 64, "its [sp·x]₂")] {
            let error = try Self.verdict { zkey in
                let start = 64 + 4 + offset  // the circuit hash, the count, then contribution 1's points
                zkey.contributions.replaceSubrange(start..<(start + 64), with: [1] + [UInt8](repeating: 0, count: 31) + [2] + [UInt8](repeating: 0, count: 31))
            }
            guard case .badContribution(let index, let name, let reason)? = error else { Issue.record("\(String(describing: error))"); continue }
            #expect(index == 1 && name == "carol" && reason.contains("\(part) does not decode"), "\(reason)")
            #expect(String(describing: error!).contains("contribution #1 (carol)"))
        }
    }

    /// The initial key (`ceremony new`) follows from the circuit and the
    /// ptau, but no one contributed to its δ: refused.
    @Test func aKeyWithoutContributionsIsRefused() throws {
        let initial = try SnarkJSZkey(bytes: try CeremonyTests.ours("circuit_0000.zkey"))
        #expect(throws: CeremonyError.unsoundKey(ZkeySoundness.noContributionText)) {
            try ZkeyVerifier.verify(zkey: initial, ptau: try Self.ptau(), r1cs: try CeremonyTests.r1cs())
        }
        #expect(throws: CeremonyError.self) { try ZkeySoundness.check(initial) }
        #expect(throws: Never.self) { try ZkeySoundness.check(try Self.final()) }
    }

    @Test func aChangedSectionIsCaught() throws {
        let cases: [(String, (inout SnarkJSZkey) throws -> Void)] = [
            // With no contributions left, only the circuit hash itself shows a change of it.
            ("circuit hash", { zkey in
                var p = try PhaseTwoParameters(zkey: zkey)
                p.circuitHash[0] ^= 1
                p.contributions = []
                zkey.contributions = p.encoded
                zkey.delta1 = .generator
                zkey.verifyingKey.delta = .generator
                zkey.c = try SnarkJSZkey(bytes: try CeremonyTests.ours("circuit_0000.zkey")).c
                zkey.h = try SnarkJSZkey(bytes: try CeremonyTests.ours("circuit_0000.zkey")).h
            }),
            ("α", { $0.verifyingKey.alpha = Self.doubled($0.verifyingKey.alpha) }),
            ("β", { $0.beta1 = Self.doubled($0.beta1) }),
            ("β", { $0.verifyingKey.beta = Self.doubled($0.verifyingKey.beta) }),
            ("γ", { $0.verifyingKey.gamma = Self.doubled($0.verifyingKey.gamma) }),
            ("[δ]₁", { $0.delta1 = Self.doubled($0.delta1) }),
            ("[δ]₂", { $0.verifyingKey.delta = Self.doubled($0.verifyingKey.delta) }),
            ("IC", { $0.verifyingKey.ic[1] = Self.doubled($0.verifyingKey.ic[1]) }),
            ("coefficients", { $0.coefficients[3].value = $0.coefficients[3].value + .one }),
            ("A section", { zkey in let i = try #require(zkey.a.lastIndex { !$0.isInfinity }); zkey.a[i] = Self.doubled(zkey.a[i]) }),
            ("B1", { zkey in let i = try #require(zkey.b1.lastIndex { !$0.isInfinity }); zkey.b1[i] = Self.doubled(zkey.b1[i]) }),
            ("B2", { zkey in let i = try #require(zkey.b2.lastIndex { !$0.isInfinity }); zkey.b2[i] = Self.doubled(zkey.b2[i]) }),
            ("C section", { zkey in let i = try #require(zkey.c.lastIndex { !$0.isInfinity }); zkey.c[i] = Self.doubled(zkey.c[i]) }),
            ("H section", { zkey in let i = try #require(zkey.h.lastIndex { !$0.isInfinity }); zkey.h[i] = Self.doubled(zkey.h[i]) }),
            // A contributor who recorded a contribution but left C as it was.
            ("C section", { $0.c = try SnarkJSZkey(bytes: try CeremonyTests.ours("circuit_0000.zkey")).c }),
        ]
        for (part, change) in cases {
            let detail = Self.mismatch(try Self.verdict(change))
            #expect(detail?.contains(part) == true, "\(part): \(detail ?? "not caught")")
        }
    }

    @Test func ptauFilesThatCannotServeAreRefused() throws {
        let bytes = try CeremonyTests.ours("pot5.ptau")
        #expect(throws: CeremonyError.ptau(.container(.wrongMagic(file: "the ptau", expected: "ptau")))) {
            try PowersOfTau(bytes: Array("zkey".utf8) + bytes.dropFirst(4))
        }
        #expect(throws: CeremonyError.self) { try PowersOfTau(bytes: Array(bytes.dropLast(10))) }
        // A point off its curve is named when it is read.
        var offCurve = bytes
        let tauSection = 12 + 12 + 48 + 12 // header section, then section 2's header
        offCurve[tauSection + 64 + 40] ^= 1
        let damaged = try PowersOfTau(bytes: offCurve)
        #expect(throws: CeremonyError.ptau(.badPoint(section: 2, index: 1, .notOnCurve))) { try damaged.g1(.tauG1, 0..<4) }

        // Too small for the circuit's domain of 16, and not prepared for phase 2.
        let small = try PowersOfTau.generate(power: 3, name: nil)
        #expect(throws: CeremonyError.ptauTooSmall(ptau: 3, needed: 4)) { try ZkeyInitializer.zkey(ptau: small, r1cs: try CeremonyTests.r1cs()) }
        let container = try Iden3BinaryFile(decoding: bytes, magic: "ptau", file: "the ptau")
        var unprepared = Iden3BinaryFile(magic: "ptau", version: 1)
        for (type, section) in container.sections where type < 12 { unprepared.addSection(type) { $0.write(section) } }
        #expect(throws: CeremonyError.ptauNotPrepared) {
            try ZkeyInitializer.zkey(ptau: try PowersOfTau(bytes: unprepared.encoded), r1cs: try CeremonyTests.r1cs())
        }
        #expect(throws: CeremonyError.nameTooLong(65)) {
            try PhaseTwo.contribute(to: try Self.final(), name: String(repeating: "x", count: 65))
        }
    }
}
