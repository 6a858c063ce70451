/// GET /v1/status.
public struct StatusView: Codable, Sendable {
    /// A live prover worker and the block it proves.
    public struct Prover: Codable, Sendable {
        public var name: String
        /// The block it has claimed, if any.
        public var block: UInt32?
        /// Seconds since its last heartbeat; its claim lapses at the node's lease.
        public var heartbeatAgeSeconds: Double?
        /// Seconds since it claimed `block`.
        public var claimAgeSeconds: Double?

        public init(name: String, block: UInt32?, heartbeatAgeSeconds: Double? = nil, claimAgeSeconds: Double? = nil) {
            self.name = name
            self.block = block
            self.heartbeatAgeSeconds = heartbeatAgeSeconds
            self.claimAgeSeconds = claimAgeSeconds
        }
    }

    /// How long a proved block took.
    public struct ProofTime: Codable, Sendable {
        public var block: UInt32
        public var seconds: Double

        public init(block: UInt32, seconds: Double) {
            self.block = block
            self.seconds = seconds
        }
    }

    /// A flagged block and the failed runs that flagged it.
    public struct Flag: Codable, Sendable {
        public var block: UInt32
        public var failures: [Failure]

        public init(block: UInt32, failures: [Failure]) {
            self.block = block
            self.failures = failures
        }
    }

    /// A failed run: the worker and its error.
    public struct Failure: Codable, Sendable {
        public var prover: String
        public var reason: String

        public init(prover: String, reason: String) {
            self.prover = prover
            self.reason = reason
        }
    }

    /// Where the node stopped verifying, and why: a block its database
    /// holds failed one of the checks it makes before verifying a block.
    public struct Halt: Codable, Sendable {
        public var block: UInt32
        public var reason: String

        public init(block: UInt32, reason: String) {
            self.block = block
            self.reason = reason
        }
    }

    /// A follower's view of its upstream (absent on an operator's node).
    public struct Following: Codable, Sendable {
        /// The node it follows.
        public var upstream: String
        /// The highest block the upstream has listed.
        public var upstreamHead: UInt32?
        /// When the upstream last answered (Unix milliseconds).
        public var lastContact: Int64?
        /// The block the follower refuses, while it does, and why.
        public var refusedBlock: UInt32?
        public var refusal: String?
        /// Why it cannot ask or trust the upstream now (unreachable, or its
        /// chain no longer matches the pinned keys), while that lasts.
        public var problem: String?

        public init(upstream: String, upstreamHead: UInt32?, lastContact: Int64?, refusedBlock: UInt32?, refusal: String?, problem: String? = nil) {
            self.upstream = upstream
            self.upstreamHead = upstreamHead
            self.lastContact = lastContact
            self.refusedBlock = refusedBlock
            self.refusal = refusal
            self.problem = problem
        }
    }

    public var lastCommittedBlock: UInt32
    public var lastVerifiedBlock: UInt32
    public var pendingTransactions: Int
    /// Seconds until the pending transfers are sealed at the latest; absent when none wait.
    public var nextTransferBlockIn: Double?
    public var proofQueueDepth: Int
    public var provers: [Prover]
    /// Blocks that failed to prove too often, by at least two workers, and
    /// need an operator (`rollup blocks retry N`).
    public var flaggedBlocks: [UInt32]
    /// The failed runs of each flagged block.
    public var flags: [Flag]
    /// Set when the node stopped verifying: the block and the check it failed.
    public var verificationHalt: Halt?
    public var recentProofTimes: [ProofTime]
    /// The suggested transfer fee (GET /v1/fees, which has each kind's).
    public var suggestedFee: String
    /// On a follower: what it follows, and what it refuses.
    public var following: Following?
    /// In L1 mode: where settlement on L1 stands.
    public var settlement: Settlement?

    /// In L1 mode (`rollup node --l1`): the L1 as eth_watch and eth_sender last saw it.
    public struct Settlement: Codable, Sendable, Equatable {
        /// The L1's latest block number, once read.
        public var l1Head: UInt64?
        /// Blocks the rollup contract has committed, and proved (verified), as last read from it.
        public var committedOnL1: UInt64
        public var provedOnL1: UInt64
        /// The hash of the L1 transaction sent and not yet mined, if any.
        public var pendingTransaction: String?
        /// Gas the node's L1 transactions used since it started, decimal.
        public var gasSpent: String
        /// The last failure talking to the L1, if the last attempt failed.
        public var problem: String?

        public init(l1Head: UInt64?, committedOnL1: UInt64, provedOnL1: UInt64, pendingTransaction: String?, gasSpent: String, problem: String?) {
            self.l1Head = l1Head
            self.committedOnL1 = committedOnL1
            self.provedOnL1 = provedOnL1
            self.pendingTransaction = pendingTransaction
            self.gasSpent = gasSpent
            self.problem = problem
        }
    }

    public init(
        lastCommittedBlock: UInt32, lastVerifiedBlock: UInt32, pendingTransactions: Int, nextTransferBlockIn: Double?, proofQueueDepth: Int,
        provers: [Prover], flags: [Flag], verificationHalt: Halt?, recentProofTimes: [ProofTime], suggestedFee: String, following: Following? = nil,
        settlement: Settlement? = nil
    ) {
        self.following = following
        self.settlement = settlement
        self.lastCommittedBlock = lastCommittedBlock
        self.lastVerifiedBlock = lastVerifiedBlock
        self.pendingTransactions = pendingTransactions
        self.nextTransferBlockIn = nextTransferBlockIn
        self.proofQueueDepth = proofQueueDepth
        self.provers = provers
        flaggedBlocks = flags.map(\.block)
        self.flags = flags
        self.verificationHalt = verificationHalt
        self.recentProofTimes = recentProofTimes
        self.suggestedFee = suggestedFee
    }
}
