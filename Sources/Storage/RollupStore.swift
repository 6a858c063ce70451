import Algebra
import Primitives
import RollupTypes

/// What the node keeps durably: accepted transactions, sealed blocks with
/// their witnesses, proofs, and the verified state. The node, the committer
/// and the API use only this protocol (with ``ProverQueue``: ``NodeStore``);
/// ``DatabaseStore`` implements it, and a PostgreSQL store can fill it later
/// without touching them.
public protocol RollupStore: Sendable {
    /// False after an operation failed because the database was away (a
    /// server restarting, a network cut), until one succeeds. It costs no
    /// round trip: the API asks it before taking a transaction.
    var isAvailable: Bool { get }
    /// The chain's parameters, or nil for a database never started.
    func configuration() throws -> ChainConfiguration?
    /// Records the parameters and creates the fee account (id 0) on first
    /// start; afterwards checks that the shape and keys match, and records
    /// the transfer timeout if it changed.
    func initialize(_ configuration: ChainConfiguration) throws
    /// Binds each block type's verifying key to the chain by its hash (the
    /// hex SHA-256 that ends its verifying-key file, docs/PROTOCOL.md): the
    /// first keys are recorded, and later ones must be the same.
    func bindKeys(_ hashes: [BlockType: String]) throws
    /// Records, once per block type, whether its bound key is a development
    /// key or a ceremony's; a later record that differs is refused.
    func recordKeySetups(_ setups: [BlockType: KeySetup]) throws
    /// What ``recordKeySetups(_:)`` recorded.
    func keySetups() throws -> [BlockType: KeySetup]
    /// Checks that the chain binds exactly these key hashes, writing
    /// nothing (a prover's check: ``StorageError/keysNotBound(_:)`` before
    /// the node first ran with keys).
    func checkKeys(_ hashes: [BlockType: String]) throws

    /// Persists an accepted transaction as pending. Throws
    /// ``StorageError/duplicateTransaction(_:)`` for a hash already stored.
    func insertPending(_ transaction: Transaction, account: AccountID?, receivedAt: Int64) throws
    /// Persists a batch of accepted transactions (transaction, account,
    /// arrival time) as pending in one database transaction; a hash already
    /// stored is skipped (a batch may be retried after a crash).
    func insertPending(_ batch: [(Transaction, AccountID?, Int64)]) throws
    /// One account's transactions (sent, received, deposited), newest
    /// first, before arrival number `before` when given.
    func transactions(account: AccountID, before: Int64?, limit: Int) throws -> [StoredTransaction]
    /// Marks pending transactions rejected, with the reason.
    func markRejected(_ rejections: [(hash: String, reason: String)]) throws
    /// Pending transactions in arrival order, as stored (``PendingRow``).
    func pendingRows() throws -> [PendingRow]
    /// One transaction by its id.
    func transaction(hash: String) throws -> StoredTransaction?

    /// Persists a sealed block, its transactions (now committed) and its
    /// account updates in one database transaction.
    func commit(_ block: SealedBlock) throws
    /// The highest committed block number and its new root, or nil.
    func lastCommittedBlock() throws -> (number: UInt32, newRoot: Fr)?
    /// The highest verified block number, or 0.
    func lastVerifiedBlock() throws -> UInt32
    /// A committed block as sealed, witness included.
    func sealedBlock(_ number: UInt32) throws -> SealedBlock?
    /// Block headers from `from` upwards, with their status.
    func blocks(from: UInt32, limit: Int) throws -> [StoredBlock]

    /// Stores a proof (snarkjs JSON) that has been verified.
    func storeProof(block: UInt32, proof: String, prover: String?) throws
    /// The stored proof of a block.
    func proof(block: UInt32) throws -> String?
    /// Who stored a block's proof and how long its run took, where this
    /// database recorded them; nil while it has no proof.
    func proofRecord(block: UInt32) throws -> ProofRecord?
    /// Removes a stored proof that turned out invalid.
    func deleteProof(block: UInt32) throws
    /// Applies `writes`, the account writes that checking block `number`
    /// replayed from its published data, to the verified accounts, and
    /// marks it and its transactions verified; `number` must be the block
    /// after the last verified one.
    func markVerified(block number: UInt32, writes: [(AccountID, Account)]) throws

    /// Stores blocks a follower verified, in order after the last one, each
    /// verified at once: header, proof, and its writes applied to the
    /// verified accounts, all in one database transaction. Refuses a
    /// database with committed blocks that are not verified (an operator's).
    func appendFollowed(_ blocks: [FollowedBlock]) throws


    /// The verified state.
    func verifiedAccounts() throws -> [(AccountID, Account)]
    /// One verified account.
    func verifiedAccount(_ id: AccountID) throws -> Account?
    /// The committed state: the verified accounts with the updates of every
    /// committed, unverified block applied in order.
    func committedAccounts() throws -> [(AccountID, Account)]
}

/// A block header as stored, with its status and transactions.
@dynamicMemberLookup
public struct StoredBlock: Equatable, Sendable {
    /// Its header, pubdata and published authority, as the database states
    /// them (`block.number` reads `block.record.number`).
    public let record: BlockRecord
    public let committedAt: Int64
    public let verifiedAt: Int64?
    public let hasProof: Bool
    /// The ids of its transactions in slot order (padding omitted).
    public let transactionHashes: [String]

    public subscript<Value>(dynamicMember field: KeyPath<BlockRecord, Value>) -> Value { record[keyPath: field] }
}

/// Where a transaction is in its life.
public enum TransactionStatus: Equatable, Sendable {
    case pending
    case committed(block: UInt32)
    case verified(block: UInt32)
    case rejected(reason: String)
}

/// Who proved a block and how long it took (GET /v1/blocks/{n}).
public struct ProofRecord: Equatable, Sendable {
    /// The worker that stored the proof; nil for one a follower copied.
    public let prover: String?
    /// From the claim to the stored proof, of the run that proved it.
    public let milliseconds: Int64?

    public init(prover: String?, milliseconds: Int64?) {
        self.prover = prover
        self.milliseconds = milliseconds
    }
}

/// A stored transaction with its status.
public struct StoredTransaction: Equatable, Sendable {
    public let hash: String
    public let transaction: Transaction
    public let status: TransactionStatus
    /// The account it acts on: the signer's, or the one a deposit credits
    /// (for a deposit to a new account, the id assigned when it was accepted).
    public let account: AccountID?
    /// Arrival order.
    public let sequence: Int64
    public let receivedAt: Int64
}

/// Why the store refused an operation.
public enum StorageError: Error, Equatable, CustomStringConvertible {
    case duplicateTransaction(String)
    case unknownTransaction(String)
    case blockOutOfOrder(expected: UInt32, got: UInt32)
    case unknownBlock(UInt32)
    case configurationMismatch(String)
    case keyMismatch(type: BlockType, bound: String, offered: String)
    case corrupt(String)
    case unverifiedBlocks(UInt32)
    /// A database made before chain ids (migration 0005).
    case chainWithoutID
    /// Migrations a process that may not change the schema found missing.
    case schemaBehind([Int])
    /// No key of this type is bound to the chain yet.
    case keysNotBound(BlockType)
    /// The chain recorded another setup for a block type's key.
    case setupMismatch(type: BlockType, recorded: KeySetup, offered: KeySetup)
    /// The chain cannot be bound to these contracts on L1 (the reason says why).
    case l1BindingRefused(String)

    public var description: String {
        switch self {
        case .duplicateTransaction(let hash): return "transaction \(hash) was already accepted"
        case .unknownTransaction(let hash): return "transaction \(hash) was never accepted, so it cannot be committed"
        case .blockOutOfOrder(let expected, let got): return "block \(got) cannot be stored or verified before block \(expected)"
        case .unknownBlock(let number): return "block \(number) is not in the database"
        case .configurationMismatch(let detail): return "the database was created with other chain parameters: \(detail)"
        case .keyMismatch(let type, let bound, let offered):
            return "the chain's \(type.rawValue) verifying key has hash \(bound), these keys have \(offered): "
                + "use the keys the chain was started with (a chain cannot change keys: its proofs would verify under neither)"
        case .corrupt(let detail): return "the database holds an invalid record: \(detail)"
        case .schemaBehind(let versions):
            return "the database lacks migrations \(versions.map(String.init).joined(separator: ", ")): a prover does not change the schema; "
                + "start the node (or run `rollup migrate` with the database owner's role) first"
        case .setupMismatch(let type, let recorded, let offered):
            return "the chain's \(type.rawValue) key is recorded as a \(recorded.rawValue) key, this one is a \(offered.rawValue) key"
        case .l1BindingRefused(let reason): return "cannot bind the chain to its L1 contracts: \(reason)"
        case .keysNotBound(let type):
            return "the chain has no \(type.rawValue) key bound yet: start the node with its keys once before the provers"
        case .chainWithoutID:
            return "the database was made before chain ids (circuit version 3): its blocks were proved under circuits that no longer exist; "
                + "move its data directory (or database) aside and start a new chain"
        case .unverifiedBlocks(let block):
            return "the database holds block \(block), committed but not verified: it is an operator's, and a follower cannot add to it"
        }
    }
}
