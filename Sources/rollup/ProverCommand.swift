import Algebra
import APIServer
import ArgumentParser
import Foundation
import Logging
import Node
import Prover
import RollupTypes
import ServiceLifecycle
import Storage
import Support

/// `rollup prover --db PATH|URL --keys DIR [--keys-from URL] [--name NAME]`: a prover worker process.
struct ProverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prover",
        abstract: "Run a prover worker: claim committed blocks from the database, prove them, store the proofs.",
        discussion: """
        Workers coordinate through the database (prover_runs, active_provers): each
        claims the lowest committed block without a proof or a live lock. SIGTERM or
        SIGINT ends the worker cleanly: a finished proof is stored, otherwise its run
        is abandoned, and its stop is recorded.
        """
    )

    @Option(help: ArgumentHelp("The node's database: its SQLite file, or postgres://USER[:PASSWORD]@HOST[:PORT]/DB from another machine.", valueName: "path|url"), transform: DatabaseLocation.init(parsing:))
    var db: DatabaseLocation

    @OptionGroup var password: DatabasePasswordOptions

    @Option(help: "The directory with each block type's proving key, TYPE.key or a ceremony's TYPE.zkey (see `rollup setup`); with --keys-from, their cache (default: $XDG_CACHE_HOME/rollup/prover-keys/CHAIN-ID, else ~/.cache/rollup/prover-keys/CHAIN-ID).")
    var keys: String?

    @Option(help: "Fetch missing proving keys from this node (http://HOST:PORT), checked against the chain's key hashes.")
    var keysFrom: String?

    @Option(help: "The name to register under (default: prover-HOST-PID).")
    var name: String?

    @Option(help: "Seconds after which a lock without heartbeat is dead.")
    var lease: Double = 60

    @Option(help: "Seconds between heartbeats.")
    var heartbeat: Double = 5

    @Option(help: "Failed attempts after which a block is flagged.")
    var maxFailures: Int = 3

    @Option(help: "Threads per proof (default: all cores).")
    var threads: Int?

    @Option(help: "Scheduling of the proving threads: normal, background (nice 19) or idle (only CPU time nothing else wants).")
    var priority: ThreadPriority = .normal

    func validate() throws {
        if keys == nil && keysFrom == nil { throw ValidationError("give --keys DIR (the proving keys), or --keys-from URL to fetch them from the node") }
        if lease <= 0 || heartbeat <= 0 || heartbeat >= lease { throw ValidationError("need 0 < --heartbeat < --lease") }
        if maxFailures < 1 { throw ValidationError("--max-failures must be at least 1") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if let name, name.hasPrefix(RollupNode.proverNamePrefix) {
            throw ValidationError("--name must not start with '\(RollupNode.proverNamePrefix)': the node releases such workers' claims when it restarts")
        }
    }

    func run() async throws {
        // A prover changes no schema: its role may not (rollup db grant-prover).
        let store = try DatabaseStore(try password.resolve(db), migrating: false)
        guard let chain = try store.configuration() else {
            throw CommandFailure("\(db) has no chain yet: start the node once to create it")
        }
        let prover: BlockProver
        let keys = self.keys ?? Self.keyCache(for: chain.chainID)
        do {
            if let keysFrom {
                prover = try await ProvingKeyDownload.prover(store: store, chain: chain.parameters, directory: keys, node: keysFrom) { printError($0) }
            } else {
                prover = try BlockKeySet.load(BlockKeySet.parameters(chain.parameters), from: keys)
                try store.checkKeys(prover.keyHashes)
            }
        } catch {
            throw CommandFailure("cannot use the keys in \(keys): \(error)")
        }
        var configuration = ProverWorkerConfiguration(name: name ?? "prover-\(ProcessInfo.processInfo.hostName)-\(getpid())")
        configuration.priority = priority
        configuration.lease = .milliseconds(Int64(lease * 1000))
        configuration.heartbeat = .milliseconds(Int64(heartbeat * 1000))
        configuration.maxFailures = maxFailures
        if let threads { configuration.threads = threads }
        let logger = Logger(label: "rollup.prover")
        let worker = ProverWorker(store: store, prover: prover, configuration: configuration)
        let group = ServiceGroup(configuration: .init(services: [worker], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}

extension ProverCommand {
    /// Where `--keys-from` caches a chain's keys without `--keys`:
    /// $XDG_CACHE_HOME/rollup/prover-keys/CHAIN-ID, else
    /// ~/.cache/rollup/prover-keys/CHAIN-ID (one directory per chain).
    static func keyCache(for chain: ChainID, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.cache"
        return URL(fileURLWithPath: base).appendingPathComponent("rollup/prover-keys/\(chain)").path
    }
}

/// `rollup setup --db PATH|URL --keys DIR [--zkey]`: development keys for a database's chain.
struct SetupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "setup",
        abstract: "Make development proving keys (single party, NOT a ceremony) for the block circuits of a database's chain.",
        discussion: """
        Keys already in DIR (TYPE.key or TYPE.zkey) are kept; missing ones are made. Whoever
        runs this could forge proofs for these keys. With --zkey they are snarkjs zkeys
        (TYPE.zkey) with one contribution, which snarkjs and `rollup ceremony contribute`
        read; no .ptau exists to verify them against.
        """
    )

    @Option(help: ArgumentHelp("The node's database, an SQLite file or postgres://USER[:PASSWORD]@HOST[:PORT]/DB (its chain parameters fix the circuits).", valueName: "path|url"), transform: DatabaseLocation.init(parsing:))
    var db: DatabaseLocation

    @OptionGroup var password: DatabasePasswordOptions

    @Option(help: "The directory to write the keys to.")
    var keys: String

    @Flag(help: "Write snarkjs zkeys (TYPE.zkey) instead of the rollup's key files (TYPE.key).")
    var zkey = false

    func run() throws {
        let store = try DatabaseStore(try password.resolve(db))
        guard let chain = try store.configuration() else {
            throw CommandFailure("\(db) has no chain yet: start the node once to create it")
        }
        let format: BlockKeySet.Format = zkey ? .zkey : .native
        let made: [BlockType]
        do {
            made = try BlockKeySet.generateMissing(BlockKeySet.parameters(chain.parameters), in: keys, format: format) { type in
                progressPrinter("\(type.rawValue) setup")
            }
        } catch {
            throw CommandFailure("cannot make keys in \(keys): \(error)")
        }
        print(made.isEmpty ? "all keys present in \(keys)" : "made \(made.map { "\($0.rawValue).\(format.rawValue)" }.joined(separator: ", ")) in \(keys)")
    }
}

extension ThreadPriority: ExpressibleByArgument {}
