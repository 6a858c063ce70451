import Foundation
import RollupTypes

/// The chain a data directory's node runs, kept in that directory outside
/// the database (chain.binding, JSON): the chain's genesis id, the hash of
/// each block type's proving key, and, once its contracts are deployed,
/// the L1 chain id and rollup contract its chain id binds. Whoever can
/// write the database could otherwise rewrite the chain's salt and id
/// together, so that the node reads every signature under a chain id of
/// the writer's choosing, rebind it to another deployment's contract, or
/// clear a bound key hash, so that the node binds whatever keys it is
/// next started with. Written on a data directory's first start (trusting
/// the database once, as on that start the node made it), then checked on
/// every start.
public struct ChainBinding: Codable, Equatable, Sendable {
    /// The chain's genesis id (``ChainConfiguration/genesisChainID``), 0x-prefixed hex.
    public let chainID: String
    /// Each block type's proving-key hash, by type name.
    public let keyHashes: [String: String]
    /// The L1 contracts the chain is bound to, once they are deployed.
    public let l1: L1Record?

    /// An L1 binding as the file records it.
    public struct L1Record: Codable, Equatable, Sendable {
        public let l1ChainId: UInt64
        /// 0x and 40 lowercase hex digits.
        public let rollup: String

        init(_ binding: L1Binding) {
            l1ChainId = binding.l1ChainID
            rollup = binding.rollupHex
        }

        var summary: String { "the rollup contract \(rollup) on L1 chain \(l1ChainId)" }
    }

    /// The file's name in a data directory.
    public static let fileName = "chain.binding"

    public init(chainID: ChainID, keyHashes: [BlockType: String], l1Binding: L1Binding? = nil) {
        self.chainID = chainID.description
        self.keyHashes = Dictionary(uniqueKeysWithValues: keyHashes.map { ($0.key.rawValue, $0.value) })
        l1 = l1Binding.map(L1Record.init)
    }

    private init(chainID: String, keyHashes: [String: String], l1: L1Record?) {
        self.chainID = chainID
        self.keyHashes = keyHashes
        self.l1 = l1
    }

    /// The same binding, with the chain bound to `binding`'s contracts.
    public func bound(to binding: L1Binding) -> ChainBinding {
        ChainBinding(chainID: chainID, keyHashes: keyHashes, l1: L1Record(binding))
    }

    /// Why a node refuses its database or its keys.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// The file exists but is not a binding.
        case unreadable(path: String, reason: String)
        /// The database holds no chain, though the directory is bound to one.
        case databaseWithoutChain(bound: String, path: String)
        /// The database's chain is not the one the directory is bound to.
        case otherChain(bound: String, database: String, path: String)
        /// A proving key is not the one the directory is bound to.
        case otherKey(type: String, bound: String, offered: String)
        /// The database's L1 binding is not the one the directory records.
        case otherL1Binding(bound: String, database: String, path: String)

        public var description: String {
            switch self {
            case .unreadable(let path, let reason):
                return "cannot read \(path) (\(reason)): it records the chain id and keys this data directory runs; restore it from a backup"
            case .databaseWithoutChain(let bound, let path):
                return "this data directory runs chain \(bound), but the database holds no chain; "
                    + "point --db at that chain's database, or, to start a new chain on purpose, delete \(path)"
            case .otherChain(let bound, let database, let path):
                return "this data directory runs chain \(bound), but the database says its chain is \(database): "
                    + "the database was rewritten or is another chain's; refusing to start (a database of another chain on purpose: delete \(path))"
            case .otherL1Binding(let bound, let database, let path):
                return "this data directory's chain is bound to \(bound) (\(path)), but the database says \(database): "
                    + "the database was rewritten or is another deployment's; refusing to start"
            case .otherKey(let type, let bound, let offered):
                return "this data directory's chain runs the \(type) key with hash \(bound), the key offered has \(offered): "
                    + "use the keys the chain was started with (a chain cannot change keys: its proofs would verify under neither)"
            }
        }
    }

    /// The binding in `directory`, or nil when it has none.
    public static func read(in directory: String) throws(Failure) -> ChainBinding? {
        let path = Self.path(in: directory)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        do {
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            // A binding is a few hundred bytes; more is not one.
            let data = try handle.read(upToCount: 16 * 1024) ?? Data()
            return try JSONDecoder().decode(ChainBinding.self, from: data)
        } catch {
            throw .unreadable(path: path, reason: "\(error)")
        }
    }

    /// Checks that `chain` (the database's; nil: it holds no chain) is the
    /// bound one, with the bound L1 contracts if the file records them, and
    /// that `keyHashes` (the keys the node loaded) are the bound ones. A
    /// block type the binding does not name yet (one a later release added)
    /// is bound when the binding is next written, as is an L1 binding the
    /// database has and the file does not yet (a deploy cut short).
    public func check(databaseChain chain: ChainConfiguration?, keyHashes: [BlockType: String], in directory: String) throws(Failure) {
        guard let chain else { throw .databaseWithoutChain(bound: self.chainID, path: Self.path(in: directory)) }
        guard chain.genesisChainID.description == self.chainID else {
            throw .otherChain(bound: self.chainID, database: chain.genesisChainID.description, path: Self.path(in: directory))
        }
        if let l1, chain.l1Binding.map(L1Record.init) != l1 {
            throw .otherL1Binding(
                bound: l1.summary, database: chain.l1Binding.map { L1Record($0).summary } ?? "it is bound to no L1 contract", path: Self.path(in: directory))
        }
        for (type, offered) in keyHashes.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            if let bound = self.keyHashes[type.rawValue], bound != offered { throw .otherKey(type: type.rawValue, bound: bound, offered: offered) }
        }
    }

    /// Writes the binding into `directory` (a new file renamed over any old one).
    public func write(in directory: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: URL(fileURLWithPath: Self.path(in: directory)), options: .atomic)
    }

    static func path(in directory: String) -> String {
        URL(fileURLWithPath: directory).appendingPathComponent(fileName).path
    }
}
