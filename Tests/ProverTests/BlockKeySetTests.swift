import Algebra
import Ceremony
import Foundation
import Groth16
import Prover
import RollupTypes
import Testing

/// A key directory holds TYPE.key or TYPE.zkey per block type; a zkey is
/// checked against the circuit's constraints when it is loaded.
struct BlockKeySetTests {
    typealias Fixture = ProverFixture

    static let zkeyDirectory: String = {
        let directory = Fixture.temporaryDirectory("rollup-zkeys")
        try! BlockKeySet.generateMissing(Fixture.parameters, in: directory, format: .zkey)
        return directory
    }()

    @Test func zkeysProveBlocksOfEveryType() async throws {
        let prover = try BlockKeySet.load(Fixture.parameters, from: Self.zkeyDirectory)
        #expect(try BlockKeySet.files(in: Self.zkeyDirectory) == Dictionary(uniqueKeysWithValues: BlockType.allCases.map {
            ($0, BlockKeySet.path($0, .zkey, in: Self.zkeyDirectory))
        }))
        let native = try BlockProver(keys: Fixture.keys, parameters: Fixture.parameters)
        let (_, store, _) = try await Fixture.chain(transferBlocks: 1)
        var proved = Set<BlockType>()
        for number in UInt32(1)...2 {
            let block = try #require(try store.sealedBlock(number))
            let proof = try prover.prove(block, threads: 2)
            let key = try #require(prover.verifyingKeys[block.type])
            #expect(try Groth16Verifier.verify(proof, inputs: block.publicInputs, key: PreparedVerifyingKey(key)), "block \(number)")
            #expect(try !Groth16Verifier.verify(proof, inputs: block.publicInputs, key: PreparedVerifyingKey(try #require(native.verifyingKeys[block.type]))))
            proved.insert(block.type)
        }
        #expect(proved == [.deposit, .transfer])
        // The zkeys' hashes name other keys than the development keys'.
        for type in BlockType.allCases { #expect(prover.keyHashes[type] != native.keyHashes[type], "\(type.rawValue)") }
    }

    /// A zkey a prover or the node could be handed: one straight from
    /// `ceremony new` (γ = δ = the generator, no contribution), one whose
    /// [δ]₂ was swapped, one with its contributions removed, one whose
    /// contribution's δ does not decode. Each is refused at load, naming the
    /// check; the development zkey beside them loads, as a development key.
    @Test func unsoundZkeysAreRefusedNamingTheCheck() throws {
        let source = BlockKeySet.path(.transfer, .zkey, in: Self.zkeyDirectory)
        let good = try SnarkJSZkey(bytes: try KeyFile.read(source), file: source)
        let parameters = try PhaseTwoParameters(zkey: good)
        let cases: [(String, (inout SnarkJSZkey) -> Void)] = [
            ("its [δ]₂ equals its [γ]₂", { zkey in
                zkey.delta1 = .generator
                zkey.verifyingKey.delta = zkey.verifyingKey.gamma
                zkey.contributions = PhaseTwoParameters(circuitHash: parameters.circuitHash, contributions: []).encoded
            }),
            ("its [δ]₁ and [δ]₂ are not the same secret", { $0.verifyingKey.delta = $0.verifyingKey.delta.jacobian.doubled().affine }),
            ("no phase-2 contribution", { $0.contributions = PhaseTwoParameters(circuitHash: parameters.circuitHash, contributions: []).encoded }),
            ("contribution #1 (\(DevelopmentZkey.contributionName)) is invalid: δ after it does not decode", { zkey in
                zkey.contributions.replaceSubrange(68..<132, with: [1] + [UInt8](repeating: 0, count: 31) + [2] + [UInt8](repeating: 0, count: 31))
            }),
        ]
        for (check, change) in cases {
            let directory = Fixture.temporaryDirectory("rollup-unsound")
            for type in [BlockType.deposit, .exit] {
                try FileManager.default.copyItem(atPath: BlockKeySet.path(type, .zkey, in: Self.zkeyDirectory), toPath: BlockKeySet.path(type, .zkey, in: directory))
            }
            var zkey = good
            change(&zkey)
            try KeyFile.write(zkey.encoded, to: BlockKeySet.path(.transfer, .zkey, in: directory))
            #expect(performing: { try BlockKeySet.load(Fixture.parameters, from: directory) }, throws: { error in
                guard case BlockKeySet.Failure.badZkey(let file, let detail) = error else { return false }
                return file.hasSuffix("transfer.zkey") && detail.contains(check)
            })
        }
        #expect(try BlockKeySet.load(Fixture.parameters, from: Self.zkeyDirectory).keySetups == [.transfer: .development, .deposit: .development, .exit: .development])
    }

    @Test func aZkeyForAnotherShapeIsRefusedNamingTheCircuit() throws {
        var other = Fixture.parameters
        other[.transfer] = .init(treeDepth: 4, capacity: 3)
        #expect {
            try BlockKeySet.load(other, from: Self.zkeyDirectory)
        } throws: { error in
            guard case BlockKeySet.Failure.badZkey(let file, let detail) = error else { return false }
            return file.hasSuffix("transfer.zkey") && detail.contains("another circuit") && detail.contains("transfer-v3-d4-c3")
        }
    }

    @Test func aDirectoryWithTwoOrNoKeysForATypeIsRefused() throws {
        let directory = Fixture.temporaryDirectory("rollup-mixed-keys")
        #expect(throws: BlockKeySet.Failure.missing(.transfer, directory: directory)) { try BlockKeySet.load(Fixture.parameters, from: directory) }
        for type in BlockType.allCases {
            try FileManager.default.copyItem(atPath: BlockKeySet.path(type, .zkey, in: Self.zkeyDirectory), toPath: BlockKeySet.path(type, .zkey, in: directory))
        }
        try FileManager.default.copyItem(atPath: BlockKeySet.path(.exit, in: Fixture.keyDirectory), toPath: BlockKeySet.path(.exit, in: directory))
        #expect(throws: BlockKeySet.Failure.bothFormats(.exit, directory: directory)) { try BlockKeySet.load(Fixture.parameters, from: directory) }
        #expect(throws: BlockKeySet.Failure.bothFormats(.exit, directory: directory)) {
            try BlockKeySet.generateMissing(Fixture.parameters, in: directory)
        }
        // With the zkey gone, the two formats mix: the exit key file and two zkeys.
        try FileManager.default.removeItem(atPath: BlockKeySet.path(.exit, .zkey, in: directory))
        let mixed = try BlockKeySet.load(Fixture.parameters, from: directory)
        #expect(mixed.keyHashes[.exit] == (try BlockKeySet.load(Fixture.parameters, from: Fixture.keyDirectory)).keyHashes[.exit])
        // A file that is neither format is refused with the file named.
        try Data("not a key".utf8).write(to: URL(fileURLWithPath: BlockKeySet.path(.deposit, .zkey, in: directory)))
        #expect {
            try BlockKeySet.load(Fixture.parameters, from: directory)
        } throws: { error in "\(error)".contains("deposit.zkey") }
    }
}
