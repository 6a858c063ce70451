import ArgumentParser
import Foundation
import Groth16

/// `rollup ceremony …`: snarkjs's trusted-setup files. For now, reading a
/// ceremony's .zkey for its verifying key.
struct CeremonyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ceremony",
        abstract: "Work with snarkjs ceremony files (.zkey).",
        subcommands: [CeremonyExportVKCommand.self]
    )
}

/// `rollup ceremony export-vk --zkey Z --out verification_key.json`.
struct CeremonyExportVKCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-vk",
        abstract: "Write a snarkjs Groth16 .zkey's verifying key as snarkjs JSON (verification_key.json).",
        discussion: "The zkey is read whole and checked: its container, BN254's moduli, every point on its curve, the key's G2 points in their subgroup."
    )

    @Option(help: "The snarkjs Groth16 proving key (.zkey).")
    var zkey: String

    @Option(help: "Where to write verification_key.json.")
    var out: String

    func run() throws {
        let zkey: SnarkJSZkey
        do {
            zkey = try SnarkJSZkey(bytes: Array(try readFile(self.zkey)), file: "the file")
        } catch let failure as SnarkJSZkey.Failure {
            throw CommandFailure("\(self.zkey): \(failure)")
        }
        do {
            try SnarkJSFormat.encode(zkey.verifyingKey).write(to: URL(fileURLWithPath: out))
        } catch {
            throw CommandFailure("cannot write \(out): \((error as NSError).localizedDescription)")
        }
        print("wrote \(out): \(zkey.publicCount) public input(s), \(zkey.variableCount) signals, domain \(zkey.domainSize)")
    }
}
