import APIContract
import APIServer
import Algebra
import BlockVerification
import Committer
import Ethereum
import Foundation
import Groth16
import Hummingbird
import Logging
import Primitives
import Prover
import RollupTypes
import ServiceLifecycle
import Settlement
import StateKeeper
import Storage
import Support

/// The one-command node: the API, the state keeper's sealing clock, the
/// committer's verification loop and N in-process prover workers, as
/// services of one application with graceful shutdown on SIGTERM/SIGINT.
public struct RollupNode: Sendable {
    public let configuration: NodeConfiguration
    public let context: NodeContext
    /// The development bridge's key (data/bridge.key), which signs
    /// deposits; nil when the directory holds only bridge.pub.
    public let bridgeKey: Ed25519SigningKey?
    let services: [any Service]
    let logger: Logger
    /// Held while the node lives (``DataDirectoryLock``).
    let directoryLock: DataDirectoryLock

    /// Opens (or creates) the node in its data directory: its proving keys
    /// loaded (in development, the missing ones made first by a development
    /// setup, reported through `progress`), the database migrated, the
    /// state restored.
    public static func open(
        _ configuration: NodeConfiguration, logger: Logger = Logger(label: "rollup.node"), progress: (@Sendable (String) -> Void)? = nil
    ) async throws -> RollupNode {
        try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
        let directoryLock = try DataDirectoryLock.held(directory: configuration.dataDirectory)
        let store = try DatabaseStore(configuration.resolvedDatabase)
        let stored = try store.configuration()
        // A database keeps the shape it was made with (the sizing flags apply
        // to new databases only); the timeout is the one asked for.
        let shape = try (stored?.parameters ?? configuration.chain).withFullBlockTimeout(configuration.chain.fullBlockTimeout)
        let parameters = BlockKeySet.parameters(shape)
        if configuration.development {
            let made = try BlockKeySet.generateMissing(parameters, in: configuration.keysDirectory) { type in
                progress?("development setup of the \(type.rawValue) circuit (--dev; first start only; keys cached in \(configuration.keysDirectory))")
                return decileProgress("  \(type.rawValue)") { progress?($0) }
            }
            if !made.isEmpty { logger.info("made development keys", metadata: ["circuits": "\(made.map(\.rawValue))"]) }
        }
        let prover: BlockProver
        do { prover = try BlockKeySet.load(parameters, from: configuration.keysDirectory) } catch BlockKeySet.Failure.missing(let type, let directory) {
            throw NodeStartFailure.missingKey(path: BlockKeySet.path(type, in: directory), type: type)
        }
        let operatorKey = try NodeSecrets.operatorKey(in: configuration.dataDirectory, recorded: stored?.operatorKey)
        let bridge = try NodeSecrets.bridgeKey(in: configuration.dataDirectory, development: configuration.development)
        // A new database starts a new chain, with a chain id of its own.
        var chainConfiguration: ChainConfiguration
        if let stored {
            guard stored.operatorKey == operatorKey, stored.bridgePublicKey == bridge.publicKey else {
                throw StorageError.configurationMismatch(
                    "the database's chain \(stored.chainID) has operator key 0x\(stored.operatorKey.packed.hexString) and bridge key 0x\(stored.bridgePublicKey.hexString), "
                        + "the data directory holds operator key 0x\(operatorKey.packed.hexString) and bridge key 0x\(bridge.publicKey.hexString)")
            }
            chainConfiguration = try stored.withFullBlockTimeout(shape.fullBlockTimeout)
        } else {
            chainConfiguration = try .genesis(parameters: shape, operatorKey: operatorKey, bridgePublicKey: bridge.publicKey)
        }
        let metrics = NodeMetrics()
        let verifyingKeys = prover.verifyingKeys
        let acceptanceLog = AcceptanceLog(store: store, retry: UnavailableRetry { failure, pause in
            logger.warning("the database is unavailable; storing accepted transactions again", metadata: ["in": "\(pause)", "error": "\(failure)"])
        })
        // The first keys a chain runs with are bound to it, with their setup;
        // others are refused. The data directory's binding says which chain
        // and keys those are, whatever the database says.
        let binding = try ChainBinding.read(in: configuration.dataDirectory)
        try binding?.check(databaseChain: stored, keyHashes: prover.keyHashes, in: configuration.dataDirectory)
        try store.initialize(chainConfiguration)
        try store.bindKeys(prover.keyHashes)
        try store.recordKeySetups(prover.keySetups)
        // A data directory whose chain has contracts (DATA/l1.json) runs only
        // in L1 mode, under the chain id that binds them.
        let deployment = try L1Deployment.read(in: configuration.dataDirectory)
        // A bound chain with history made it in L1 mode: without l1.json (and chain.binding) it would run without L1.
        if deployment == nil, binding?.l1 == nil, let bound = chainConfiguration.l1Binding, try store.hasHistory() {
            throw L1Failure.deploymentMissing(
                path: URL(fileURLWithPath: configuration.dataDirectory).appendingPathComponent(L1Deployment.fileName).path, rollup: bound.rollupHex,
                l1ChainID: bound.l1ChainID)
        }
        if let recorded = binding?.l1, deployment == nil {
            throw L1Failure.deploymentMissing(
                path: URL(fileURLWithPath: configuration.dataDirectory).appendingPathComponent(L1Deployment.fileName).path, rollup: recorded.rollup,
                l1ChainID: recorded.l1ChainId)
        }
        if let l1 = configuration.l1 {
            if let deployment, chainConfiguration.l1Binding != deployment.binding {
                if let bound = chainConfiguration.l1Binding {
                    throw L1Failure.otherContract(bound: bound.rollupHex, boundL1: bound.l1ChainID, stated: deployment.rollup.description, statedL1: deployment.l1ChainId)
                }
                chainConfiguration = try await bindToL1(chainConfiguration, deployment: deployment, l1: l1, verifyingKeys: prover.verifyingKeys, store: store, logger: logger)
            }
        } else if let deployment {
            throw L1Failure.settlesOnL1(rollup: deployment.rollup.description, l1ChainID: deployment.l1ChainId)
        }
        let bound = ChainBinding(chainID: chainConfiguration.genesisChainID, keyHashes: prover.keyHashes, l1Binding: chainConfiguration.l1Binding)
        if bound != binding { try bound.write(in: configuration.dataDirectory) }
        var keeperConfiguration = StateKeeperConfiguration(chainConfiguration)
        keeperConfiguration.metrics = metrics.factory
        keeperConfiguration.tick = configuration.tick
        keeperConfiguration.pipelinedSealing = true
        let verifiedState = VerifiedState(
            store: store, audit: VerifiedChainAudit(chain: chainConfiguration, keys: verifyingKeys.mapValues { PreparedVerifyingKey($0) }),
            checkpointFile: URL(fileURLWithPath: configuration.dataDirectory).appendingPathComponent(VerifiedState.checkpointFileName).path)
        let committer = BlockCommitter(
            store: store, chain: chainConfiguration, verifyingKeys: verifyingKeys, acceptanceLog: acceptanceLog, verifiedState: verifiedState
        ) { message in
            logger.warning("\(message)")
        }
        let (keeper, report) = try await StateRestorer.restore(store: store, configuration: keeperConfiguration, committer: committer)
        for (hash, reason) in report.dropped {
            logger.warning("dropped a stored pending transaction that no longer holds", metadata: ["hash": "\(hash)", "reason": "\(reason)"])
        }
        logger.info("restored", metadata: [
            "chain": "\(chainConfiguration.chainID)", "accounts": "\(report.accounts)", "block": "\(report.lastCommittedBlock)",
            "requeued": "\(report.requeued)", "dropped": "\(report.dropped.count)",
        ])
        let context = NodeContext(
            keeper: keeper, store: store, committer: committer, verifyingKeys: verifyingKeys,
            chain: try Self.chainView(chainConfiguration, prover: prover, configuration: configuration),
            provingKeyFiles: try BlockKeySet.files(in: configuration.keysDirectory),
            proverLease: configuration.proverLease, maxProofFailures: configuration.maxProofFailures, maxPending: configuration.maxPending, admission: configuration.admission,
            acceptanceLog: acceptanceLog, metrics: metrics, subscriptions: configuration.subscriptions,
            settlement: configuration.l1 == nil ? nil : SettlementProgress())

        // In-process workers are named node-PID-prover-N: those of this node's
        // previous life died with it, so their claims go now, not a lease later.
        let released = try store.releaseProvers(namePrefix: RollupNode.proverNamePrefix, reason: "the node restarted", now: UnixTime.milliseconds())
        if released > 0 { logger.info("released the claims of the previous run's provers", metadata: ["runs": "\(released)"]) }
        // Shutdown runs in reverse: the HTTP server first, the threads that
        // store what it accepted last.
        var services: [any Service] = [
            ThreadShutdownService(name: "acceptance-log", close: acceptanceLog.close),
            ThreadShutdownService(name: "sealing", close: keeper.closeSealingPipeline),
            SealingService(keeper: keeper),
            VerificationService(committer: committer, interval: configuration.verifyInterval, logger: logger),
            ChainWatcher(hub: context.events, feed: context.feed, logger: logger),
        ]
        for index in 0..<configuration.provers {
            var worker = ProverWorkerConfiguration(name: "\(RollupNode.proverNamePrefix)\(getpid())-prover-\(index + 1)")
            worker.threads = configuration.proverThreads
            worker.lease = configuration.proverLease
            worker.heartbeat = configuration.proverHeartbeat
            worker.maxFailures = configuration.maxProofFailures
            worker.priority = configuration.proverPriority
            worker.metrics = metrics.factory
            services.append(ProverWorker(store: store, prover: prover, configuration: worker, logger: Logger(label: "rollup.\(worker.name)")))
        }
        if let l1 = configuration.l1 {
            services += try await l1Services(l1, configuration: configuration, chain: chainConfiguration.chainID, bridge: bridge.signingKey, context: context, logger: logger)
        }
        return RollupNode(
            configuration: configuration, context: context, bridgeKey: bridge.signingKey, services: services, logger: logger, directoryLock: directoryLock)
    }

    /// Binds an unbound chain to the contracts of DATA/l1.json (which `rollup
    /// contracts deploy` does at once, unless it was cut short): their chain
    /// id must be the chain's, bound to them, and the code at their
    /// addresses the chain's contracts, before the database is changed.
    static func bindToL1(
        _ chain: ChainConfiguration, deployment: L1Deployment, l1: L1Configuration, verifyingKeys: [BlockType: VerifyingKey], store: DatabaseStore,
        logger: Logger
    ) async throws -> ChainConfiguration {
        let expected = chain.bound(to: deployment.binding)
        guard expected.chainID.description == deployment.chainId else {
            throw L1Failure.otherChain(deployed: deployment.chainId, node: "\(chain.chainID), which bound to those contracts would be \(expected.chainID)")
        }
        let transactor = try await L1Transactor.connect(try JSONRPCClient(l1.url), key: l1.key)
        guard transactor.chainID == deployment.l1ChainId else { throw L1Failure.otherL1(deployed: deployment.l1ChainId, endpoint: transactor.chainID) }
        try await DeployedCode.check(
            rollup: deployment.rollup, chain: expected.chainID, verifyingKeys: verifyingKeys, operator: deployment.operator,
            statedVerifiers: deployment.verifiers, on: transactor)
        let bound = try store.bindToL1(deployment.binding)
        logger.info("bound the chain to its L1 contracts", metadata: ["chain": "\(bound.chainID)", "genesis": "\(bound.genesisChainID)", "rollup": "\(deployment.rollup)"])
        return try bound.withFullBlockTimeout(chain.parameters.fullBlockTimeout)
    }

    /// GET /v1/chain's answer; in L1 mode with DATA/l1.json's contracts.
    static func chainView(_ chain: ChainConfiguration, prover: BlockProver, configuration: NodeConfiguration) throws -> ChainView {
        var view = ChainView(chain, keyHashes: prover.keyHashes, setups: prover.keySetups)
        if configuration.l1 != nil, let deployment = try L1Deployment.read(in: configuration.dataDirectory) {
            view.settlement = SettlementView(
                l1ChainId: deployment.l1ChainId, rollup: deployment.rollup.description, verifiers: deployment.verifiers.mapValues(\.description),
                deploymentBlock: deployment.deploymentBlock, weiPerUnit: String(RollupContract.weiPerUnit))
        }
        return view
    }

    /// L1 mode's services, for the contracts of DATA/l1.json: eth_watch and eth_sender.
    static func l1Services(
        _ l1: L1Configuration, configuration: NodeConfiguration, chain: ChainID, bridge: Ed25519SigningKey?, context: NodeContext, logger: Logger
    ) async throws -> [any Service] {
        guard let deployment = try L1Deployment.read(in: configuration.dataDirectory) else {
            throw L1Failure.notDeployed(path: URL(fileURLWithPath: configuration.dataDirectory).appendingPathComponent(L1Deployment.fileName).path)
        }
        guard deployment.chainId == chain.description else { throw L1Failure.otherChain(deployed: deployment.chainId, node: chain.description) }
        guard let bridge else { throw L1Failure.noBridgeKey }
        guard let progress = context.settlement else { preconditionFailure("a node in L1 mode has a SettlementProgress") }
        let rpc = try JSONRPCClient(l1.url)
        let transactor = try await L1Transactor.connect(rpc, key: l1.key)
        guard transactor.chainID == deployment.l1ChainId else { throw L1Failure.otherL1(deployed: deployment.l1ChainId, endpoint: transactor.chainID) }
        guard l1.key.address == deployment.operator else { throw L1Failure.notTheOperator(key: l1.key.address, operator: deployment.operator) }
        // l1.json is a file anyone with the directory may edit: the code at its addresses must be the chain's contracts.
        try await DeployedCode.check(
            rollup: deployment.rollup, chain: chain, verifyingKeys: context.verifyingKeys, operator: deployment.operator,
            statedVerifiers: deployment.verifiers, on: transactor)
        let refused = RefusedDeposits()
        logger.info("L1 mode", metadata: ["rollup": "\(deployment.rollup)", "l1": "\(deployment.l1ChainId)", "confirmations": "\(l1.confirmations)"])
        return [
            L1DepositWatcher(
                transactor: transactor, deployment: deployment, configuration: l1, context: context, bridge: bridge, chain: chain, refused: refused, progress: progress, logger: logger),
            L1BlockSender(
                transactor: transactor, deployment: deployment, configuration: l1, store: context.store, domain: context.domain, refused: refused,
                outbox: L1Outbox(directory: configuration.dataDirectory, key: l1.key), progress: progress,
                logger: logger),
        ]
    }

    /// The HTTP application with every other service inside it;
    /// `onListening` gets the bound port once the server accepts connections.
    public func application(onListening: (@Sendable (Int) -> Void)? = nil) -> some ApplicationProtocol {
        Application(
            router: APIRouter.build(context), server: configuration.http.server(subscriptions: APIRouter.subscriptions(context), limits: context.events.limits),
            configuration: configuration.http.configuration(address: .hostname(configuration.host, port: configuration.port)),
            services: services, onServerRunning: { channel in onListening?(channel.localAddress?.port ?? 0) }, logger: logger)
    }

    /// The names of in-process prover workers start so; external workers
    /// may not use it (`rollup prover --name` refuses it).
    public static let proverNamePrefix = "node-"

    /// Runs until SIGTERM or SIGINT, then shuts every service down.
    /// `onListening` runs once the server accepts connections, by when the
    /// signal handlers are in place.
    public func run(onListening: (@Sendable (Int) -> Void)? = nil) async throws {
        try await application(onListening: onListening).runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }
}

/// Why `rollup node` cannot start.
public enum NodeStartFailure: Error, Equatable, CustomStringConvertible {
    case missingKey(path: String, type: BlockType)

    public var description: String {
        switch self {
        case .missingKey(let path, let type):
            return "\(path) is missing (and no \(type.rawValue).zkey beside it): the \(type.rawValue) circuit's proving key. "
                + "Put a ceremony's final zkey there as \(type.rawValue).zkey (`rollup ceremony`), or, for development only, "
                + "make keys with `rollup setup --db DB --keys DIR` or start with `rollup node --dev`, which makes them"
        }
    }
}
