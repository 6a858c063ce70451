import ArgumentParser
import Groth16

/// `rollup export-verifier --vk FILE --out FILE.sol`.
struct ExportVerifierCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-verifier",
        abstract: "Write a Solidity verifier contract for a verifying key.",
        discussion: "FILE is a snarkjs verification_key.json or a binary verifying key written by this tool."
    )

    @Option(help: "The verifying key: snarkjs verification_key.json or verifying_key.bin.")
    var vk: String
    @Option(help: "Where to write the Solidity source.")
    var out: String
    @Option(help: "The contract's name.")
    var contractName: String = "Groth16Verifier"

    func validate() throws {
        guard contractName.first?.isLetter == true, contractName.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
            throw ValidationError("--contract-name must be a Solidity identifier")
        }
    }

    func run() throws {
        let data = try readFile(vk)
        let key: VerifyingKey
        if data.starts(with: Array("RLG16VK".utf8)) {
            key = try KeyFile.decodeVerifyingKey([UInt8](data), file: vk).0
        } else {
            key = try SnarkJSFormat.decodeVerifyingKey(data)
        }
        let source = SolidityVerifier.source(for: key, contractName: contractName)
        try source.write(toFile: out, atomically: true, encoding: .utf8)
        print("wrote \(out) (\(key.inputCount) public inputs)")
    }
}
