import Algebra
import Ethereum
import Groth16
import Primitives
import RollupTypes
import Support

/// The calls of contracts/Rollup.vy and contracts/Groth16Verifier.vy
/// (docs/PROTOCOL.md, "Settlement on L1"), encoded from the rollup's own
/// types.
public enum RollupContract {
    /// One rollup unit in wei (1 gwei): deposits are whole units.
    public static let weiPerUnit: UInt128 = 1_000_000_000
    /// The account field of a deposit that opens a new account.
    public static let newAccount: UInt32 = (1 << 24) - 1
    /// The block types in the contract's order (its constructor's arrays).
    public static let blockTypes: [BlockType] = [.deposit, .transfer, .exit]

    /// The verifier's creation code with `key` as its constructor's arguments.
    public static func verifierCreation(_ key: VerifyingKey) throws(Failure) -> [UInt8] {
        bytecode(ContractArtifact.groth16Verifier.bytecode) + (try verifierArguments(key))
    }

    /// The verifier's constructor arguments for `key`, which are also its
    /// immutables, appended to its runtime code once deployed.
    static func verifierArguments(_ key: VerifyingKey) throws(Failure) -> [UInt8] {
        guard key.ic.count == 5 else { throw .wrongInputCount(key.ic.count - 1) }
        let ic = key.ic.flatMap { [ABIValue.word($0.x.bigEndianBytes), .word($0.y.bigEndianBytes)] }
        return ABI.encode([g1(key.alpha), g2(key.beta), g2(key.gamma), g2(key.delta), .fixedArray(ic)])
    }

    /// The code a verifier for `key` holds once deployed.
    public static func verifierCode(_ key: VerifyingKey) throws(Failure) -> [UInt8] {
        bytecode(ContractArtifact.groth16Verifier.runtimeBytecode) + (try verifierArguments(key))
    }

    /// The code the rollup contract of `chain`, committed by `operator`,
    /// holds once deployed: its runtime code and immutables (OPERATOR, CHAIN_ID).
    public static func rollupCode(chain: ChainID, operator: EthereumAddress) -> [UInt8] {
        bytecode(ContractArtifact.rollup.runtimeBytecode) + ABI.encode([.address(`operator`), .word(chain.element.bigEndianBytes)])
    }

    /// The rollup contract's runtime code, without its immutables.
    static var rollupRuntime: [UInt8] { bytecode(ContractArtifact.rollup.runtimeBytecode) }

    /// `verifiers(type)`: the verifier of a block type, by its tag.
    public static func verifier(_ type: BlockType) -> [UInt8] {
        ABI.call("verifiers(uint8)", [.uint(TransactionKinds.kind(of: type).tag.rawValue)])
    }

    /// The rollup contract's creation code for `chain`, committed by
    /// `operator`, verified by `verifiers`. It takes the chain's genesis id
    /// and computes the bound one itself (``ChainID/bound(_:to:)``).
    public static func rollupCreation(chain: ChainConfiguration, operator: EthereumAddress, verifiers: [BlockType: EthereumAddress]) -> [UInt8] {
        let genesis = chain.parameters.genesisRoot(operatorKey: chain.operatorKey)
        return bytecode(ContractArtifact.rollup.bytecode) + ABI.encode([
            .address(`operator`), .word(chain.genesisChainID.element.bigEndianBytes), .word(genesis.bigEndianBytes),
            .fixedArray(blockTypes.map { .address(verifiers[$0]!) }),
            .fixedArray(blockTypes.map { .uint(UInt64(chain.parameters.slots($0))) }),
        ])
    }

    /// A block as the contract takes it: its header, pubdata and proof.
    public struct SettledBlock: Sendable {
        public var type: BlockType
        public var oldRoot: Fr
        public var newRoot: Fr
        public var totalFee: UInt128
        public var pubdata: [UInt8]
        public var proof: Proof

        public init(type: BlockType, oldRoot: Fr, newRoot: Fr, totalFee: UInt128, pubdata: [UInt8], proof: Proof) {
            self.type = type
            self.oldRoot = oldRoot
            self.newRoot = newRoot
            self.totalFee = totalFee
            self.pubdata = pubdata
            self.proof = proof
        }
    }

    /// `commitAndProveBlocks(commits, proofs)` of the next `blocks`, in order.
    public static func commitAndProve(_ blocks: [SettledBlock]) -> [UInt8] {
        ABI.call(
            "commitAndProveBlocks((uint8,uint256,uint256,uint256,bytes)[],(uint256[2],uint256[2][2],uint256[2])[])",
            [.array(blocks.map(commit)), .array(blocks.map { proof($0.proof) })])
    }

    /// `proveBlocks(proofs)` of the next committed blocks.
    public static func prove(_ proofs: [Proof]) -> [UInt8] {
        ABI.call("proveBlocks((uint256[2],uint256[2][2],uint256[2])[])", [.array(proofs.map(proof))])
    }

    static func commit(_ block: SettledBlock) -> ABIValue {
        .tuple([
            .uint(TransactionKinds.kind(of: block.type).tag.rawValue), .word(block.oldRoot.bigEndianBytes), .word(block.newRoot.bigEndianBytes),
            .uint(block.totalFee), .bytes(block.pubdata),
        ])
    }

    /// A proof as snarkjs' Solidity calldata orders it.
    static func proof(_ proof: Proof) -> ABIValue {
        let b = proof.b
        return .tuple([
            g1(proof.a), .fixedArray([.fixedArray([.word(b.x.c1.bigEndianBytes), .word(b.x.c0.bigEndianBytes)]),
                                      .fixedArray([.word(b.y.c1.bigEndianBytes), .word(b.y.c0.bigEndianBytes)])]),
            g1(proof.c),
        ])
    }

    /// Deposits one `skipDeposits` refunds, at most.
    public static let maxSkips = 64

    /// `skipDeposits(count)`: refunds the next `count` deposits of the queue to their depositors.
    public static func skipDeposits(_ count: Int) -> [UInt8] {
        ABI.call("skipDeposits(uint256)", [.uint(UInt64(count))])
    }

    /// `deposit(publicKey, account)`: to a new account of `publicKey` when `account` is nil.
    public static func deposit(publicKey: EdDSAPublicKey, account: UInt32?) -> [UInt8] {
        ABI.call("deposit(bytes32,uint256)", [.word(publicKey.packed), .uint(account ?? newAccount)])
    }

    /// `deposits(serial)`: the priority request (account, publicKey, amount, depositor), four words.
    public static func depositRequest(_ serial: UInt64) -> [UInt8] {
        ABI.call("deposits(uint256)", [.uint(serial)])
    }

    /// `withdraw(owner)`.
    public static func withdraw(_ owner: EthereumAddress) -> [UInt8] {
        ABI.call("withdraw(address)", [.address(owner)])
    }

    /// A view without arguments that returns one uint256 (`verifiedRoot()`, `committedBlocks()`, …).
    public static func read(_ name: String) -> [UInt8] {
        ABI.call("\(name)()", [])
    }

    /// `withdrawable(owner)`: wei the address may withdraw.
    public static func withdrawable(_ owner: EthereumAddress) -> [UInt8] {
        ABI.call("withdrawable(address)", [.address(owner)])
    }

    /// Why a key cannot be deployed.
    public enum Failure: Error, CustomStringConvertible {
        case wrongInputCount(Int)

        public var description: String {
            switch self {
            case .wrongInputCount(let count): return "the L1 verifier takes 4 public inputs (circuit version 3); this key has \(count)"
            }
        }
    }

    static func g1(_ point: G1Affine) -> ABIValue {
        .fixedArray([.word(point.x.bigEndianBytes), .word(point.y.bigEndianBytes)])
    }

    /// A G2 point as EIP-197 orders it: [x_im, x_re, y_im, y_re].
    static func g2(_ point: G2Affine) -> ABIValue {
        .fixedArray([point.x.c1, point.x.c0, point.y.c1, point.y.c0].map { .word($0.bigEndianBytes) })
    }

    private static func bytecode(_ hex: String) -> [UInt8] {
        guard let bytes = [UInt8](hex: hex) else { preconditionFailure("contracts/build holds bytecode that is not hex") }
        return bytes
    }
}
