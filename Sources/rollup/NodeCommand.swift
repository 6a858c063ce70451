import APIServer
import ArgumentParser
import Ethereum
import Foundation
import Logging
import Node
import RollupTypes
import StateKeeper
import Support
import Storage

/// `rollup node [--data DIR] [--db PATH|URL] [--keys DIR] [--host H] [--port P] [--provers N]`.
struct NodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "node",
        abstract: "Run the rollup node: REST API, state keeper, committer and prover workers, on SQLite or PostgreSQL.",
        discussion: """
        The keys directory must hold each block type's proving key: a ceremony's final
        zkey as transfer.zkey, deposit.zkey and exit.zkey (see `rollup ceremony`), or,
        for development only, keys from `rollup setup`; a key for other circuits, or a
        zkey without a verified contribution, is refused. The data directory holds
        bridge.pub, the bridge's Ed25519 public key, which deposits are checked against.
        On first start the node makes an operator key (the fee account's).

        With --dev the node makes what is missing: a development setup of the three block
        circuits (keys/, cached; a minute or two, with progress shown) and a development
        bridge key (bridge.key, bridge.pub). Such keys come from a single-party setup:
        fine for trying the rollup, NOT for securing value. GET /v1/chain says which keys
        are development keys, and so does the line the node prints when it starts.
        """
    )

    @Flag(help: "Development: make missing proving keys and a bridge key (single party: NOT for securing value).")
    var dev = false

    @Option(help: "The data directory.")
    var data: String = "data"

    @Option(help: ArgumentHelp("The database: an SQLite file or postgres://USER[:PASSWORD]@HOST[:PORT]/DB, which provers on other machines can share (default: DATA/rollup.sqlite).", valueName: "path|url"), transform: DatabaseLocation.init(parsing:))
    var db: DatabaseLocation?

    @OptionGroup var password: DatabasePasswordOptions

    @Option(help: "The proving keys' directory: TYPE.key or TYPE.zkey for each block type (default: DATA/keys; missing ones are made by a development setup).")
    var keys: String?

    @Option(help: "The address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "The port to listen on.")
    var port: Int = 8080

    @Option(help: "In-process prover workers (default: one per core; 0 for external provers only).")
    var provers: Int?

    @Option(help: "The scheduling of in-process provers' threads: idle (SCHED_IDLE: only what nothing else wants, so the API and sealing never wait), background (nice 19) or normal.")
    var proverPriority: ThreadPriority = .idle

    @Option(help: "The account tree's depth in index bits (new databases only; even, 2 … 24).")
    var treeDepth: Int = 24

    @Option(help: "Slots per block, for every block type (new databases only; default: 8 for transfers and deposits, 7 for exits).")
    var blockSize: Int?

    @Option(help: "Seconds a transfer waits at most before its block is sealed.")
    var transferTimeout: Double = 60

    @Option(help: ArgumentHelp(
        "Minimum fees per paying kind, e.g. transfer=10,exit=20 (default: 10 each); the base fee rises above them with the unverified backlog.",
        valueName: "kind=fee,…"))
    var minFee: String?

    @Option(help: "Blocks not yet verified (committed, or to be filled by pending transactions) at which transfers and exits are refused with 503 backlog_full.")
    var maxBacklog: Int = AdmissionControl.Limits().maxBacklog

    @Option(help: "Pending transactions one account may have; more are refused with 429 too_many_pending.")
    var maxPendingPerAccount: Int = AdmissionControl.Limits().maxPendingPerAccount

    @Option(help: ArgumentHelp("L1 mode: the L1 node's JSON-RPC endpoint; deposits come from the chain's contracts (DATA/l1.json, `rollup contracts deploy`) and every verified block is settled on them.", valueName: "url"))
    var l1: String?

    @Option(help: ArgumentHelp("L1 mode: a file holding the operator's L1 private key (0x and 64 hex digits), the contract's operator.", valueName: "file"))
    var l1Key: String?

    @Option(help: "L1 mode: L1 blocks on top of a deposit's before it is credited (a shallower reorg changes nothing on L2).")
    var l1Confirmations: UInt64 = 6

    @Option(help: ArgumentHelp("L1 mode: seconds an L1 transaction may wait unmined before eth_sender sends it again with fees an eighth higher.", valueName: "seconds"))
    var l1StuckAfter: Double = 60

    func validate() throws {
        if (l1 == nil) != (l1Key == nil) { throw ValidationError("--l1 and --l1-key go together") }
        if !(1...65_535).contains(port) { throw ValidationError("--port must be 1 … 65535") }
        if let provers, provers < 0 { throw ValidationError("--provers must be 0 or more") }
        if !(2...24).contains(treeDepth) || !treeDepth.isMultiple(of: 2) { throw ValidationError("--tree-depth must be even, 2 … 24") }
        if let blockSize, !(1...64).contains(blockSize) { throw ValidationError("--block-size must be 1 … 64") }
        if transferTimeout <= 0 { throw ValidationError("--transfer-timeout must be positive") }
        if !(1...86_400).contains(l1StuckAfter) { throw ValidationError("--l1-stuck-after must be 1 … 86400 seconds") }
        if maxBacklog < 1 { throw ValidationError("--max-backlog must be at least 1") }
        if maxPendingPerAccount < 1 { throw ValidationError("--max-pending-per-account must be at least 1") }
        if let minFee { _ = try Self.minimumFees(minFee) }
    }

    /// `transfer=N,exit=M` as minimum fees, over the defaults.
    static func minimumFees(_ text: String) throws -> [BlockType: UInt128] {
        var fees = FeeSchedule.defaultMinimums
        let paying = FeeSchedule.payingTypes.map(\.rawValue)
        for item in text.split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let type = BlockType(rawValue: parts[0]), paying.contains(type.rawValue) else {
                throw ValidationError("--min-fee takes kind=fee pairs for \(paying.joined(separator: ", ")), e.g. transfer=10,exit=20; got '\(item)'")
            }
            guard let fee = CanonicalDecimal.parse(parts[1], as: UInt128.self) else {
                throw ValidationError("--min-fee: '\(parts[1])' is not a whole number of units in canonical decimal (digits only, at most 2^128 − 1)")
            }
            fees[type] = fee
        }
        return fees
    }

    func run() async throws {
        var configuration = NodeConfiguration()
        configuration.dataDirectory = data
        configuration.development = dev
        configuration.database = try db.map(password.resolve)
        configuration.keysPath = keys
        configuration.host = host
        configuration.port = port
        if let provers { configuration.provers = provers }
        configuration.proverPriority = proverPriority
        if let minFee { configuration.admission.fees.minimums = try Self.minimumFees(minFee) }
        configuration.admission.maxBacklog = maxBacklog
        configuration.admission.maxPendingPerAccount = maxPendingPerAccount
        if let l1, let l1Key {
            var settlement = L1Configuration(url: l1, key: try EthereumKey(file: l1Key))
            settlement.confirmations = l1Confirmations
            settlement.stuckAfter = .milliseconds(Int64(l1StuckAfter * 1000))
            configuration.l1 = settlement
        }
        configuration.chain = try ChainParameters(
            treeDepth: treeDepth, blockSizes: ChainParameters.production.blockSizes.mapValues { blockSize ?? $0 },
            fullBlockTimeout: .milliseconds(Int64(transferTimeout * 1000)))
        let node = try await RollupNode.open(configuration, progress: { printError($0) })
        let (provers, data) = (configuration.provers, data)
        let chain = node.context.chain
        let keys = BlockType.allCases.map { "\($0.rawValue) \(chain.setup[$0.rawValue] ?? "?")" }.joined(separator: ", ")
        try await node.run { port in
            printError("rollup node on http://\(host):\(port) with \(provers) in-process prover(s); chain \(chain.chainId); keys: \(keys); data in \(data); Ctrl-C stops it")
        }
    }
}
