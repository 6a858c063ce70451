import Ethereum
import Groth16
import RollupTypes
import Support

/// Whether an address stated to be a chain's rollup contract holds that
/// contract: the code of contracts/Rollup.vy with the chain's id (and the
/// operator, where known) as its immutables, whose verifier for each block
/// type holds contracts/Groth16Verifier.vy with that type's verifying key.
/// A node, a man in the middle or an edited l1.json may state any address;
/// an impostor there could answer `CHAIN_ID()` and keep what is paid to it,
/// or accept any proof. Read with `eth_getCode` and `eth_call`.
public enum DeployedCode {
    /// What is not the chain's contract, and where.
    public enum Failure: Error, CustomStringConvertible {
        case notTheRollup(EthereumAddress, detail: String)
        case notTheVerifier(BlockType, EthereumAddress, detail: String)
        case l1(L1Transactor.Failure)
        /// l1.json says otherwise than the contract.
        case notAsStated(String)

        public var description: String {
            switch self {
            case .notAsStated(let detail): return "l1.json does not describe the deployed contracts: \(detail)"
            case .notTheRollup(let address, let detail): return "\(address) does not hold this chain's rollup contract (contracts/Rollup.vy): \(detail)"
            case .notTheVerifier(let type, let address, let detail):
                return "the contract's \(type.rawValue) verifier \(address) is not contracts/Groth16Verifier.vy with the chain's \(type.rawValue) verifying key: \(detail)"
            case .l1(let failure): return failure.description
            }
        }
    }

    /// Checks `rollup` for `chain`, its verifiers against `verifyingKeys`
    /// (every block type's), its operator if `operator` is given, and the
    /// verifier addresses l1.json states (by block type name), if given.
    public static func check(
        rollup: EthereumAddress, chain: ChainID, verifyingKeys: [BlockType: VerifyingKey], operator: EthereumAddress?,
        statedVerifiers: [String: EthereumAddress]? = nil, on transactor: L1Transactor
    ) async throws(Failure) {
        if let statedVerifiers, Set(statedVerifiers.keys) != Set(RollupContract.blockTypes.map { $0.rawValue }) {
            let names = statedVerifiers.keys.sorted().map { String($0.prefix(32)) }.joined(separator: ", ")
            throw .notAsStated("it states verifiers for [\(names)], the contract has one per block type (deposit, transfer, exit)")
        }
        let code = try await Self.code(at: rollup, transactor)
        let runtime = RollupContract.rollupRuntime
        guard code.count == runtime.count + 64, code.starts(with: runtime) else {
            throw .notTheRollup(rollup, detail: code.isEmpty ? "it holds no code" : "its \(code.count) bytes of code are another contract's")
        }
        let immutables = Array(code[runtime.count...])
        guard Array(immutables[32...]) == chain.element.bigEndianBytes else {
            throw .notTheRollup(rollup, detail: "it is deployed for chain 0x\(Array(immutables[32...]).hexString), not \(chain)")
        }
        guard Array(immutables[0..<12]).allSatisfy({ $0 == 0 }) else { throw .notTheRollup(rollup, detail: "its operator is no address") }
        let stated = EthereumAddress(bytes: Array(immutables[12..<32]))
        if let `operator`, stated != `operator` { throw .notTheRollup(rollup, detail: "it is committed by \(stated), not \(`operator`)") }
        for type in RollupContract.blockTypes {
            let word: [UInt8]
            do { word = try await transactor.call(rollup, data: RollupContract.verifier(type)) } catch { throw .l1(error) }
            guard word.count == 32, word[0..<12].allSatisfy({ $0 == 0 }) else { throw .notTheRollup(rollup, detail: "verifiers(\(type.rawValue)) is no address") }
            let verifier = EthereumAddress(bytes: Array(word[12...]))
            if let stated = statedVerifiers?[type.rawValue], stated != verifier {
                throw .notAsStated("it states \(stated) as the \(type.rawValue) verifier, the contract at \(rollup) calls \(verifier)")
            }
            guard let key = verifyingKeys[type] else { throw .notTheVerifier(type, verifier, detail: "no verifying key to compare with") }
            let expected: [UInt8]
            do { expected = try RollupContract.verifierCode(key) } catch { throw .notTheVerifier(type, verifier, detail: error.description) }
            guard try await Self.code(at: verifier, transactor) == expected else {
                throw .notTheVerifier(type, verifier, detail: "its code differs")
            }
        }
    }

    private static func code(at address: EthereumAddress, _ transactor: L1Transactor) async throws(Failure) -> [UInt8] {
        let text: String
        do { text = try await transactor.rpc.call("eth_getCode", [address.description, "latest"]) } catch { throw .l1(.rpc(error)) }
        guard let code = [UInt8](hex: text) else { throw .l1(.rpc(.malformed(method: "eth_getCode", detail: "the code is not hex"))) }
        return code
    }
}
