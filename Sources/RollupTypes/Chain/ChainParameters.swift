import Algebra
import Primitives

/// What a chain is made of and how fast it seals, as one value: the account
/// tree's depth, the slots per block of each type, and how long a transfer
/// waits at most for its block. The state keeper, the circuits' shapes, the
/// key set and `server_config` all take it whole.
///
/// The depth and the slots fix the circuits (and so the keys): a database
/// keeps the ones it was made with. The timeout only paces sealing.
public struct ChainParameters: Equatable, Sendable {
    /// The account tree's depth in index bits: 2^depth accounts, even (a
    /// 4-ary level takes 2 bits), 2 … 24.
    public let treeDepth: Int
    /// Slots per block, padding included, for every block type.
    public let blockSizes: [BlockType: Int]
    /// A block of a kind that waits for full blocks
    /// (``TransactionKind/waitsForFullBlocks``: transfers) seals this long
    /// after its first transaction arrived, padded.
    public var fullBlockTimeout: Duration

    /// Why a set of parameters cannot describe a chain.
    public enum Invalid: Error, Equatable, CustomStringConvertible {
        case treeDepth(Int)
        case blockSize(BlockType, Int)
        case missingBlockSize(BlockType)
        case timeout(Duration)

        public var description: String {
            switch self {
            case .treeDepth(let depth): return "the tree depth must be even and 2 … 24 (account ids are 24 bits), got \(depth)"
            case .blockSize(let type, let size): return "a \(type.rawValue) block needs 1 … 64 slots, got \(size)"
            case .missingBlockSize(let type): return "no block size given for \(type.rawValue) blocks"
            case .timeout(let timeout): return "the transfer block timeout cannot be negative, got \(timeout)"
            }
        }
    }

    /// Checked parameters; `blockSizes` names every block type.
    public init(treeDepth: Int, blockSizes: [BlockType: Int], fullBlockTimeout: Duration = .seconds(60)) throws(Invalid) {
        guard (2...24).contains(treeDepth), treeDepth.isMultiple(of: 2) else { throw .treeDepth(treeDepth) }
        for type in BlockType.allCases {
            guard let size = blockSizes[type] else { throw .missingBlockSize(type) }
            guard (1...64).contains(size) else { throw .blockSize(type, size) }
        }
        guard fullBlockTimeout >= .zero else { throw .timeout(fullBlockTimeout) }
        self.treeDepth = treeDepth
        self.blockSizes = blockSizes
        self.fullBlockTimeout = fullBlockTimeout
    }

    /// The same number of slots for every block type.
    public init(treeDepth: Int, blockSize: Int, fullBlockTimeout: Duration = .seconds(60)) throws(Invalid) {
        try self.init(
            treeDepth: treeDepth, blockSizes: Dictionary(uniqueKeysWithValues: BlockType.allCases.map { ($0, blockSize) }),
            fullBlockTimeout: fullBlockTimeout)
    }

    /// Production: depth 24 (16.7 M accounts); 8 slots in transfer and
    /// deposit blocks and 7 in exit blocks, so that each block circuit has
    /// under 2^18 constraints (8 exit slots take 272,026, which doubles the
    /// proof's FFT domain and H query); 60 s.
    public static let production = try! ChainParameters(
        treeDepth: 24, blockSizes: Dictionary(uniqueKeysWithValues: TransactionKinds.all.map { ($0.blockType, $0.productionSlots) }))

    /// The slots of a block of `type`.
    public func slots(_ type: BlockType) -> Int { blockSizes[type]! }

    /// The same shape with another timeout.
    public func withFullBlockTimeout(_ timeout: Duration) throws(Invalid) -> ChainParameters {
        try ChainParameters(treeDepth: treeDepth, blockSizes: blockSizes, fullBlockTimeout: timeout)
    }

    /// Whether the two fix the same circuits (depth and slots; the timeout aside).
    public func hasSameShape(as other: ChainParameters) -> Bool {
        treeDepth == other.treeDepth && blockSizes == other.blockSizes
    }

    /// The root of a chain's first state: only the fee account, owned by
    /// `operatorKey`, with balance and nonce 0.
    public func genesisRoot(operatorKey: EdDSAPublicKey) -> Fr {
        var tree = AccountTree(depth: treeDepth)
        try! tree.set(AccountID.feeAccount, Account(publicKey: operatorKey))
        return tree.root
    }

    /// "depth 24, blocks 8/8/7 (transfer/deposit/exit)".
    public var shapeSummary: String {
        "depth \(treeDepth), blocks " + BlockType.allCases.map { "\(slots($0))" }.joined(separator: "/")
            + " (" + BlockType.allCases.map(\.rawValue).joined(separator: "/") + ")"
    }
}
