import Ethereum
import Foundation
import Groth16
import RollupTypes
import Support

/// Where a chain's contracts live on L1: `DIR/l1.json`, written by `rollup
/// contracts deploy` (docs/PROTOCOL.md, "Settlement on L1").
public struct L1Deployment: Codable, Equatable, Sendable {
    /// The L1's chain id (eth_chainId).
    public var l1ChainId: UInt64
    /// The rollup chain's id, 0x and 64 hex digits: its genesis id bound
    /// to the L1 chain id and the rollup contract's address.
    public var chainId: String
    public var rollup: EthereumAddress
    /// The Groth16 verifier of each block type, by its name.
    public var verifiers: [String: EthereumAddress]
    /// The only address that may commit blocks.
    public var `operator`: EthereumAddress
    /// The L1 block of the rollup contract's deployment: where reading its events starts.
    public var deploymentBlock: UInt64

    public static let fileName = "l1.json"

    /// Why a deployment failed or its file cannot be used.
    public enum Failure: Error, CustomStringConvertible {
        case alreadyDeployed(path: String)
        case missingKey(BlockType)
        case key(RollupContract.Failure)
        case l1(L1Transactor.Failure)
        case noContractAddress(String)
        case unreadable(path: String, detail: String)

        public var description: String {
            switch self {
            case .alreadyDeployed(let path): return "\(path) exists: this chain's contracts are deployed already (move the file away to deploy anew)"
            case .missingKey(let type): return "no verifying key for \(type.rawValue) blocks"
            case .key(let failure): return failure.description
            case .l1(let failure): return failure.description
            case .noContractAddress(let hash): return "the deployment transaction \(hash) created no contract"
            case .unreadable(let path, let detail): return "cannot read \(path): \(detail)"
            }
        }
    }

    /// Deploys a verifier per block type and the rollup contract for
    /// `chain`, sent and operated by `transactor`'s key.
    public static func deploy(chain: ChainConfiguration, verifyingKeys: [BlockType: VerifyingKey], transactor: L1Transactor) async throws(Failure) -> L1Deployment {
        var verifiers: [BlockType: EthereumAddress] = [:]
        for type in RollupContract.blockTypes {
            guard let key = verifyingKeys[type] else { throw .missingKey(type) }
            let creation: [UInt8]
            do { creation = try RollupContract.verifierCreation(key) } catch { throw .key(error) }
            verifiers[type] = try await create(creation, transactor).address
        }
        let (rollup, block) = try await create(RollupContract.rollupCreation(chain: chain, operator: transactor.key.address, verifiers: verifiers), transactor)
        return L1Deployment(
            l1ChainId: transactor.chainID, chainId: chain.bound(to: try! L1Binding(l1ChainID: transactor.chainID, rollup: rollup.bytes)).chainID.description, rollup: rollup,
            verifiers: Dictionary(uniqueKeysWithValues: verifiers.map { ($0.key.rawValue, $0.value) }), operator: transactor.key.address,
            deploymentBlock: block)
    }

    private static func create(_ code: [UInt8], _ transactor: L1Transactor) async throws(Failure) -> (address: EthereumAddress, block: UInt64) {
        let receipt: L1Transactor.Receipt
        do { receipt = try await transactor.send(to: nil, data: code) } catch { throw .l1(error) }
        guard let address = receipt.contractAddress, let block = receipt.blockNumber.uint64 else { throw .noContractAddress(receipt.transactionHash) }
        return (address, block)
    }

    /// The L1 chain id and rollup contract that the chain's id binds.
    public var binding: L1Binding { try! L1Binding(l1ChainID: l1ChainId, rollup: rollup.bytes) }

    /// Writes `DIR/l1.json`; refuses to replace one.
    public func write(in directory: String) throws(Failure) {
        let path = URL(fileURLWithPath: directory).appendingPathComponent(Self.fileName).path
        guard !FileManager.default.fileExists(atPath: path) else { throw .alreadyDeployed(path: path) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do { try (encoder.encode(self) + Data("\n".utf8)).write(to: URL(fileURLWithPath: path), options: .withoutOverwriting) } catch {
            throw .unreadable(path: path, detail: "\(error.localizedDescription)")
        }
    }

    /// Reads `DIR/l1.json` (at most 64 KiB); nil if there is none.
    public static func read(in directory: String) throws(Failure) -> L1Deployment? {
        let path = URL(fileURLWithPath: directory).appendingPathComponent(fileName).path
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            guard data.count <= 64 << 10 else { throw Failure.unreadable(path: path, detail: "larger than 64 KiB") }
            return try JSONDecoder().decode(L1Deployment.self, from: data)
        } catch let failure as Failure {
            throw failure
        } catch let error as DecodingError {
            throw .unreadable(path: path, detail: error.sentence(document: fileName))
        } catch {
            throw .unreadable(path: path, detail: "\(error)")
        }
    }
}
