import Foundation

/// A contract as contracts/compile.py built it (contracts/build/NAME.json),
/// which the build embeds in the binary (resources of this target, through
/// the link Resources/contracts), so that `rollup contracts deploy` carries
/// it wherever it runs.
struct ContractArtifact: Decodable {
    /// The compiler that built it ("vyper 0.4.3").
    let compiler: String
    /// The creation bytecode, 0x-hex, without constructor arguments.
    let bytecode: String
    /// The runtime bytecode, 0x-hex, without the immutables appended to it once deployed.
    let runtimeBytecode: String

    /// contracts/Groth16Verifier.vy.
    static let groth16Verifier = embedded(PackageResources.Groth16Verifier_json)
    /// contracts/Rollup.vy.
    static let rollup = embedded(PackageResources.Rollup_json)

    /// A file of the repository, read by the tests (ContractDeploymentTests):
    /// it decodes, or the binary was built from a broken checkout.
    private static func embedded(_ bytes: [UInt8]) -> ContractArtifact {
        do { return try JSONDecoder().decode(ContractArtifact.self, from: Data(bytes)) } catch {
            preconditionFailure("contracts/build holds an artifact that does not decode: \(error)")
        }
    }
}
