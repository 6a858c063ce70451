import APIContract
import Algebra
import BlockVerification
import CoreMetrics
import Foundation
import Groth16
import RollupTypes
import Storage
import Support

/// Rebuilds and verifies a rollup from what its upstream node publishes.
/// For each block, in order (GET /v1/blocks), it runs ``BlockCheck``: it
/// recomputes the commitment from the block's number, fee and pubdata,
/// verifies the proof under the pinned keys with its own old root, the
/// stated new root, that commitment and the chain id, replays the pubdata
/// and published authority (the bridge's signatures and sequences) into
/// its own state and checks the new root. It stores only what it verified,
/// and refuses anything else with a ``FollowRefusal`` that names the block.
public final class Follower: Sendable {
    public let store: any NodeStore
    /// The verified state: accounts and exit proofs are answered from it.
    public let tree: VerifiedState
    public let chain: ChainConfiguration
    /// The chain as GET /v1/chain shows it: the upstream's, checked against the pinned keys.
    public let chainView: ChainView
    public let keys: ChainKeys
    let upstream: NodeClient
    let prepared: [BlockType: PreparedVerifyingKey]
    let progress = FollowProgress()
    /// `rollup_followed_blocks_total` and `rollup_follow_refusals_total`.
    let taken: CoreMetrics.Counter
    let refusals: CoreMetrics.Counter
    /// Blocks asked for per request (the API's page limit).
    static let pageSize = 100

    /// Opens the follower's data directory for the chain of `upstream`,
    /// trusting `keys` (``ChainKeys/pinned(in:chain:cache:)``, made by
    /// `makeKeys` from the upstream's chain): a new directory is created
    /// for that chain; an existing one must hold the same chain. A
    /// directory that already follows a chain opens while the upstream is
    /// unreachable, serving what it verified; the upstream's chain is
    /// checked when it answers. A chain whose keys come from a development
    /// setup (GET /v1/chain's `setup`) is refused unless
    /// `allowDevelopmentKeys`. The bridge's key is in no proof: with
    /// `bridgeKey`, a chain with another bridge key is refused before
    /// anything is stored. Blocks taken and refusals are counted through
    /// `metrics`.
    public static func open(
        upstream url: String, dataDirectory: String, metrics: any MetricsFactory = NOOPMetricsHandler.instance, allowDevelopmentKeys: Bool = false,
        bridgeKey: [UInt8]? = nil, keys makeKeys: (ChainParameters) throws -> ChainKeys
    ) async throws -> Follower {
        let upstream: NodeClient
        do { upstream = try NodeClient(url) } catch { throw FollowerError.upstream(error) }
        // The upstream's chain, key hashes and setups, when it answers: checked before anything is stored.
        var answer: (chain: ChainConfiguration, hashes: [BlockType: String], setups: [BlockType: KeySetup])?
        var unreachable: NodeClient.Failure?
        do {
            answer = try await publishedChain(upstream)
        } catch FollowerError.upstream(let failure) {
            guard case .unreachable = failure else { throw FollowerError.upstream(failure) }
            unreachable = failure
        }
        if let bridgeKey, let upstreamBridge = answer?.chain.bridgePublicKey, bridgeKey != upstreamBridge {
            throw FollowerError.otherBridge(pinned: bridgeKey, upstream: upstreamBridge)
        }
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        let store = try DatabaseStore(path: URL(fileURLWithPath: dataDirectory).appendingPathComponent("rollup.sqlite").path)
        let recorded = try store.configuration()
        let published = answer?.hashes
        let chain: ChainConfiguration
        let setups: [BlockType: KeySetup]
        if let answer {
            (chain, setups) = (answer.chain, answer.setups)
        } else {
            guard let recorded, unreachable != nil else { throw FollowerError.upstream(unreachable ?? .notHTTP(url)) }
            (chain, setups) = (recorded, try store.keySetups())
        }
        if let bridgeKey, bridgeKey != chain.bridgePublicKey { throw FollowerError.otherBridge(pinned: bridgeKey, upstream: chain.bridgePublicKey) }
        let development = BlockType.allCases.filter { setups[$0] != .ceremony }
        guard development.isEmpty || allowDevelopmentKeys else { throw FollowerError.developmentKeys(development) }
        if let recorded, !recorded.isCompatible(with: chain) {
            throw FollowerError.otherChain("it follows chain \(recorded.chainID) (\(recorded.parameters.shapeSummary)), the upstream runs chain \(chain.chainID) (\(chain.parameters.shapeSummary))")
        }
        let keys = try makeKeys(chain.parameters)
        if let published { try keys.check(against: published) }
        try store.initialize(chain)
        // Pinned keys other than those the directory followed with are refused.
        do {
            try store.bindKeys(keys.hashes)
            try store.recordKeySetups(setups)
        } catch {
            throw FollowerError.otherChain("\(error)")
        }
        let tree = VerifiedState(
            store: store, audit: VerifiedChainAudit(chain: chain, keys: keys.keys.mapValues { PreparedVerifyingKey($0) }),
            checkpointFile: URL(fileURLWithPath: dataDirectory).appendingPathComponent(VerifiedState.checkpointFileName).path)
        _ = try tree.head()  // loaded and checked now, not on the first request
        let follower = Follower(store: store, tree: tree, chain: chain, keys: keys, setups: setups, upstream: upstream, metrics: metrics)
        follower.progress.chainChecked = published != nil
        return follower
    }

    /// The upstream's chain (GET /v1/chain), decoded.
    private static func publishedChain(
        _ upstream: NodeClient
    ) async throws -> (chain: ChainConfiguration, hashes: [BlockType: String], setups: [BlockType: KeySetup]) {
        let view: ChainView
        do { view = try await upstream.get("v1/chain") } catch { throw FollowerError.upstream(error) }
        do {
            let (chain, hashes) = try view.decoded()
            return (chain, hashes, try view.setups())
        } catch {
            throw FollowerError.invalidChain(error.description)
        }
    }

    /// Checks the upstream's chain once, for a follower that opened without it.
    private func checkChainOnce() async throws {
        guard !progress.chainChecked else { return }
        let published = try await Self.publishedChain(upstream)
        guard published.chain.isCompatible(with: chain) else {
            throw FollowerError.otherChain("it follows chain \(chain.chainID) (\(chain.parameters.shapeSummary)), the upstream now runs chain \(published.chain.chainID) (\(published.chain.parameters.shapeSummary))")
        }
        try keys.check(against: published.hashes)
        progress.chainChecked = true
    }

    init(
        store: any NodeStore, tree: VerifiedState, chain: ChainConfiguration, keys: ChainKeys, setups: [BlockType: KeySetup], upstream: NodeClient,
        metrics: any MetricsFactory
    ) {
        taken = CoreMetrics.Counter(label: "rollup_followed_blocks_total", factory: metrics)
        refusals = CoreMetrics.Counter(label: "rollup_follow_refusals_total", factory: metrics)
        self.store = store
        self.tree = tree
        self.chain = chain
        chainView = ChainView(chain, keyHashes: keys.hashes, setups: setups)
        self.keys = keys
        self.upstream = upstream
        prepared = keys.keys.mapValues { PreparedVerifyingKey($0) }
    }

    /// The upstream's address.
    public var upstreamURL: String { upstream.base.absoluteString }

    /// What the follower last saw: the upstream's head and its last refusal.
    public var state: FollowProgress.Snapshot { progress.snapshot }

    /// Takes every proved block the upstream has after the last verified
    /// one, page by page, until a block has no proof yet or none is left.
    /// Returns the last verified block. Throws a ``FollowRefusal`` for bad
    /// data (after keeping the good blocks before it), or
    /// ``FollowerError/upstream(_:)`` when the upstream cannot be asked.
    @discardableResult
    public func catchUp() async throws -> UInt32 {
        try await checkChainOnce()
        while true {
            let next = try tree.head().block + 1
            let page: BlockPage
            do {
                page = try await upstream.get("v1/blocks", query: ["from": String(next), "limit": String(Self.pageSize)])
            } catch {
                throw FollowerError.upstream(error)
            }
            guard page.blocks.count <= Self.pageSize else {
                throw FollowerError.upstream(.malformed(path: "/v1/blocks", type: "BlockPage", detail: "it lists \(page.blocks.count) blocks; at most \(Self.pageSize) were asked for"))
            }
            let outcome = try await DedicatedThread.run(name: "rollup.follow", priority: .normal) { [self] in
                try apply(page.blocks, from: next)
            }
            progress.contacted(upstreamHead: page.blocks.last?.number)
            taken.increment(by: outcome.taken)
            if let refusal = outcome.refusal {
                refusals.increment()
                progress.refused(refusal)
                throw refusal
            }
            progress.refused(nil)
            guard outcome.complete, page.blocks.count == Self.pageSize else { return try tree.head().block }
        }
    }

    /// Follows the upstream until the task is cancelled: catches up, then
    /// asks again every `interval`. Refusals and an unreachable upstream are
    /// reported through `log` and retried; the verified state stays served.
    public func follow(interval: Duration, log: @Sendable (String) -> Void) async {
        var lastProblem: String?
        while !Task.isCancelled {
            do {
                try await catchUp()
                lastProblem = nil
                progress.failed(nil)
                // The upstream's fees, which the follower serves as stated if well formed (an older node has none).
                if let fees: FeesView = try? await upstream.get("v1/fees"), fees.isWellFormed { progress.stated(fees: fees) }
            } catch {
                let problem = "\(error)"
                if problem != lastProblem { log(problem) }
                lastProblem = problem
                // A refusal shows as such; anything else is the upstream's problem.
                progress.failed(error is FollowRefusal ? nil : problem)
            }
            try? await Task.sleep(for: interval)
        }
    }

    /// What one page gave: whether every block in it was taken, and the
    /// refusal that stopped it.
    struct PageOutcome: Sendable {
        var complete: Bool
        var refusal: FollowRefusal?
        /// Blocks stored.
        var taken = 0
    }

    /// Checks and applies `blocks` (which should start at `first`) in order:
    /// the blocks that verify are stored in one database transaction; a
    /// block without a proof ends the page; a bad block ends it with its
    /// refusal.
    func apply(_ blocks: [BlockView], from first: UInt32) throws -> PageOutcome {
        var outcome = PageOutcome(complete: true, refusal: nil)
        var parsed = [(block: PublishedBlock, inputs: [Fr])]()
        for (offset, view) in blocks.enumerated() {
            let number = first + UInt32(offset)
            guard view.proof != nil else {
                outcome.complete = false
                break
            }
            do throws(FollowRefusal) {
                let block = try PublishedBlock(view, expected: number)
                let inputs: [Fr]
                do { inputs = try BlockCheck.publicInputs(of: block.record, chain: chain) } catch { throw FollowRefusal(block: number, error) }
                parsed.append((block, inputs))
            } catch {
                outcome = PageOutcome(complete: false, refusal: error)
                break
            }
        }
        // The proofs are checked with the stated roots (which are then checked
        // to chain from the verified one), together.
        let verdicts = ProofBatch.verdicts(parsed.map { ($0.block.proof, $0.inputs, prepared[$0.block.record.type]!) })
        // The state takes each block as it is checked; should anything fail
        // before the page is stored, it is loaded from storage again.
        do {
            var followed = [FollowedBlock]()
            for (index, entry) in parsed.enumerated() {
                do {
                    followed.append(try take(entry.block, proofVerifies: verdicts[index]))
                } catch let refusal as FollowRefusal {
                    outcome = PageOutcome(complete: false, refusal: refusal)
                    break
                }
            }
            try store.appendFollowed(followed)
            tree.recordCheckpoint()
            outcome.taken = followed.count
        } catch {
            tree.reload()
            throw error
        }
        return outcome
    }

    /// Checks one parsed block against the verified state and applies it:
    /// the old root, the replay, the fee, the proof, the new root.
    private func take(_ block: PublishedBlock, proofVerifies: Bool) throws -> FollowedBlock {
        let record = block.record
        let checked: CheckedBlock
        do {
            checked = try BlockCheck.replay(record, chain: chain, on: tree)
            guard proofVerifies else { throw BlockRefusal.proofInvalid }
            try tree.apply(checked)
        } catch let refusal as BlockRefusal {
            throw FollowRefusal(block: record.number, refusal)
        }
        return FollowedBlock(
            number: record.number, type: record.type, slotCount: chain.parameters.slots(record.type), oldRoot: record.oldRoot, newRoot: record.newRoot,
            totalFee: record.totalFee, pubdata: record.pubdata, authority: record.authority, spentSequences: checked.spentSequences,
            commitment: record.commitment, committedAt: block.committedAt, proof: block.proofJSON, writes: checked.writes)
    }
}
