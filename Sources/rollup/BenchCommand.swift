import ArgumentParser
import Benchmarks
import BlockSamples
import Circuits
import Ethereum
import Foundation
import Prover
import RollupTypes
import Storage
import Support

/// `rollup bench …`: the benchmarks that hold the speed targets.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the speed of the rollup's parts.",
        subcommands: [BenchAlgebraCommand.self, BenchProveCommand.self, BenchStateCommand.self, BenchCircuitsCommand.self, BenchStorageCommand.self, BenchProversCommand.self, BenchAPICommand.self, BenchThroughputCommand.self, BenchFollowCommand.self, BenchPowersOfTauCommand.self, BenchL1Command.self]
    )
}

/// Options every benchmark shares.
struct BenchOutputOptions: ParsableArguments {
    @Flag(help: "Print one JSON object per line, each with a name and an ns value.")
    var json = false

    func print(_ result: BenchmarkResult) {
        Swift.print(json ? result.jsonLine : result.tableRow)
    }
}

/// `rollup bench algebra`.
struct BenchAlgebraCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "algebra",
        abstract: "Time BN254 field, curve, pairing, MSM and NTT operations against a plain-C baseline; one MSM over a real transfer block's witness."
    )

    @OptionGroup var output: BenchOutputOptions

    @Option(help: "Threads for MSM and NTT (default: all cores).")
    var threads: Int?

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() async throws {
        var benchmark = AlgebraBenchmark()
        if let threads { benchmark.threads = threads }
        let parameters = BlockCircuitParameters.production(.transfer)
        let block = try await SampleBlock.seal(.transfer, parameters: parameters, real: parameters.capacity).block
        // The block has fewer wires than 2^18 (254,176 since circuit version
        // 2): they are repeated from the start.
        let assignment = try BlockProver.witness(of: block, parameters).assignment
        benchmark.blockWitnessScalars = (0..<(1 << 18)).map { assignment[$0 % assignment.count] }
        try benchmark.run(report: output.print)
    }
}

/// `rollup bench prove`.
struct BenchProveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove",
        abstract: "Time Groth16 setup, witness, prove and verify on a synthetic circuit, with peak memory."
    )

    @OptionGroup var output: BenchOutputOptions

    @Option(help: "About how many constraints the synthetic S-box chain has.")
    var constraints: Int = 1 << 16

    @Option(help: "Threads for setup and proving (default: all cores).")
    var threads: Int?

    func validate() throws {
        if constraints < 4 { throw ValidationError("--constraints must be at least 4") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        var benchmark = ProveBenchmark(constraints: constraints)
        if let threads { benchmark.threads = threads }
        try benchmark.run(report: output.print)
    }
}

/// `rollup bench state`.
struct BenchStateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state",
        abstract: "Poseidon and EdDSA rates, transfers applied per second on a depth-24 tree of 100k accounts, and lookups by key meanwhile."
    )

    @OptionGroup var output: BenchOutputOptions

    @Option(help: "Accounts in the tree.")
    var accounts: Int = 100_000

    @Option(help: "Transfers to apply.")
    var transfers: Int = 2_000

    func validate() throws {
        if accounts < 65 || accounts >= 1 << 24 { throw ValidationError("--accounts must be between 65 and 2^24 − 1") }
        if transfers < 1 { throw ValidationError("--transfers must be at least 1") }
    }

    func run() async throws {
        var benchmark = StateBenchmark()
        benchmark.accounts = accounts
        benchmark.transfers = transfers
        try await benchmark.run(report: output.print)
    }
}

/// `rollup bench circuits`.
struct BenchCircuitsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "circuits",
        abstract: "Setup, witness and prove times of each full-size block circuit (depth 24; 8 slots, 7 for exits), with peak memory."
    )

    @OptionGroup var output: BenchOutputOptions

    @Option(help: "Only this block type (default: transfer, deposit and exit).")
    var type: BlockType?

    @Option(help: "Threads for setup and proving (default: all cores).")
    var threads: Int?

    @Flag(help: "Also a development zkey per circuit (rollup setup --zkey) and its proof: the rows TYPE_block_setup_zkey, TYPE_block_prove_zkey and TYPE_block_verify_zkey (one call, cold).")
    var zkey = false

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() async throws {
        var benchmark = CircuitsBenchmark()
        if let type { benchmark.types = [type] }
        if let threads { benchmark.threads = threads }
        benchmark.zkey = zkey
        try await benchmark.run(report: output.print)
    }
}

/// `rollup bench storage`.
struct BenchStorageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "storage",
        abstract: "Accepted transactions and sealed blocks persisted per second on SQLite, and a restart with 100k accounts."
    )

    @OptionGroup var output: BenchOutputOptions

    @Option(help: "Transactions to persist.")
    var transactions: Int = 5_000

    @Option(help: "Transfer blocks to persist.")
    var blocks: Int = 200

    func validate() throws {
        if transactions < 100 { throw ValidationError("--transactions must be at least 100") }
        if blocks < 1 { throw ValidationError("--blocks must be at least 1") }
    }

    func run() async throws {
        var benchmark = StorageBenchmark()
        benchmark.transactions = transactions
        benchmark.blocks = blocks
        try await benchmark.run(report: output.print)
    }
}

/// `rollup bench provers`.
struct BenchProversCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "provers",
        abstract: "Proving throughput of two single-threaded workers against one worker on both cores (full-size transfer blocks)."
    )

    @OptionGroup var output: BenchOutputOptions

    @Option(help: "Transfer blocks to prove in each configuration.")
    var blocks: Int = 4

    @Option(help: ArgumentHelp("Run on this PostgreSQL server (a scratch database is made there and dropped after; needs CREATEDB) instead of an SQLite file.", valueName: "postgres://USER@HOST:PORT/DB"), transform: DatabaseLocation.init(parsing:))
    var db: DatabaseLocation?

    @OptionGroup var password: DatabasePasswordOptions

    func validate() throws {
        if blocks < 2 { throw ValidationError("--blocks must be at least 2") }
        if case .sqlite = db { throw ValidationError("--db takes a postgres:// URL (the SQLite run needs no flag)") }
    }

    func run() async throws {
        var benchmark = ProversBenchmark()
        benchmark.blocks = blocks
        benchmark.database = try db.map(password.resolve)
        try await benchmark.run(report: output.print)
    }
}

/// `rollup bench api`.
struct BenchAPICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api",
        abstract: "Accepted signed transfers per second and p50/p99 latency through the REST API, from a concurrent loopback client."
    )

    @OptionGroup var output: BenchOutputOptions

    @Option(help: "Funded accounts sending transfers (default: 512; 64 with --while-proving).")
    var senders: Int?

    @Option(help: "Transfers per sender.")
    var transfers: Int = 20

    @Option(help: "Concurrent client connections.")
    var connections: Int = 32

    @Option(help: "Then run again with this many WebSocket subscribers of blocks and status (rows api_with_subscribers, ws_event_latency_p99, ws_transaction_event_latency_p99, and ws_transaction_event_latency_one_subscriber_p99 from one more run with the timing client alone).")
    var subscribers: Int = 0

    @Option(help: "With --subscribers: pairs of runs without and with them, alternating (the median is reported).")
    var rounds: Int = 5

    @Flag(help: "Instead: the latency of status and transfer requests at a steady pace while the node's in-process provers prove full-size blocks (row api_while_proving).")
    var whileProving = false

    @Option(help: "With --while-proving: where the full-size development keys are made once and kept (one directory per circuit version).")
    var keys = FileManager.default.temporaryDirectory.appendingPathComponent("rollup-bench-keys-v\(TransferCircuit.version)").path

    @Option(help: "With --while-proving: seconds of measured requests.")
    var seconds: Double = 30

    @Option(help: ArgumentHelp("Store on this PostgreSQL server (a scratch database is made there and dropped after; needs CREATEDB) instead of an SQLite file.", valueName: "postgres://USER@HOST:PORT/DB"), transform: DatabaseLocation.init(parsing:))
    var db: DatabaseLocation?

    @OptionGroup var password: DatabasePasswordOptions

    func validate() throws {
        if (senders ?? 2) < 2 || transfers < 1 || connections < 1 { throw ValidationError("need --senders ≥ 2, --transfers ≥ 1, --connections ≥ 1") }
        if subscribers < 0 || subscribers > 10_000 { throw ValidationError("--subscribers is 0 … 10,000") }
        if whileProving && subscribers > 0 { throw ValidationError("--subscribers applies to the throughput run, not --while-proving") }
        if rounds < 1 || rounds > 20 { throw ValidationError("--rounds is 1 … 20") }
        if seconds <= 0 { throw ValidationError("--seconds must be positive") }
        if case .sqlite = db { throw ValidationError("--db takes a postgres:// URL (the SQLite run needs no flag)") }
        if whileProving && db != nil { throw ValidationError("--db applies to the throughput run, not --while-proving") }
    }

    func run() async throws {
        if whileProving {
            var benchmark = APIWhileProvingBenchmark(keysDirectory: keys)
            benchmark.duration = .milliseconds(Int64(seconds * 1000))
            benchmark.senders = senders ?? benchmark.senders
            try await benchmark.run(report: output.print, progress: { printError($0) })
            return
        }
        var benchmark = APIBenchmark()
        benchmark.senders = senders ?? benchmark.senders
        benchmark.transfersPerSender = transfers
        benchmark.connections = connections
        benchmark.subscribers = subscribers
        benchmark.rounds = rounds
        benchmark.database = try db.map(password.resolve)
        try await benchmark.run(report: output.print)
    }
}

/// `rollup bench throughput`.
struct BenchThroughputCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "throughput",
        abstract: "Transfers verified per second end to end, with full-size circuits and in-process provers, while transfers are offered above what they prove."
    )

    @OptionGroup var output: BenchOutputOptions

    @Option(help: "Seconds of offered transfers.")
    var seconds: Double = 120

    @Option(help: "In-process provers (default: one per core).")
    var provers: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Transfers offered per second (above the proving rate: about 3 per second per 2-core machine).")
    var offeredRate: Double = 100

    @Option(help: "The node's in-process provers' scheduling, as `rollup node --prover-priority` (the reference provers run at normal priority).")
    var proverPriority: ThreadPriority = .idle

    @Option(help: "Where the full-size development keys are made once and kept (one directory per circuit version).")
    var keys = FileManager.default.temporaryDirectory.appendingPathComponent("rollup-bench-keys-v\(TransferCircuit.version)").path

    func validate() throws {
        if seconds <= 0 { throw ValidationError("--seconds must be positive") }
        if provers < 1 { throw ValidationError("--provers must be at least 1") }
        if !(offeredRate > 0 && offeredRate <= 100_000) { throw ValidationError("--offered-rate must be above 0 and at most 100000") }
    }

    func run() async throws {
        var benchmark = ThroughputBenchmark(keysDirectory: keys)
        benchmark.duration = .milliseconds(Int64(seconds * 1000))
        benchmark.provers = provers
        benchmark.offeredRate = offeredRate
        benchmark.proverPriority = proverPriority
        try await benchmark.run(report: output.print, progress: { printError($0) })
    }
}

/// `rollup bench l1`.
struct BenchL1Command: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "l1",
        abstract: "L1 gas of settling real proved blocks (commit and prove, per transfer, withdraw) at 1, 4 and 16 blocks per L1 transaction.",
        discussion: "Without --l1 it starts the development L1, scripts/dev_l1.py (run it from the repository, with `make test-deps` installed).")

    @OptionGroup var output: BenchOutputOptions

    @Option(help: ArgumentHelp("An L1 node's JSON-RPC endpoint (default: a development L1 of its own).", valueName: "url"))
    var l1: String?

    @Option(help: ArgumentHelp("A file holding a funded L1 key (0x and 64 hex digits) that deploys and settles; needed with --l1.", valueName: "file"))
    var l1Key: String?

    @Option(help: "Where the small chain's development keys are made once and kept.")
    var keys = FileManager.default.temporaryDirectory.appendingPathComponent("rollup-bench-l1-keys-v\(TransferCircuit.version)").path

    func validate() throws {
        if l1 != nil && l1Key == nil { throw ValidationError("--l1 needs --l1-key, a funded key of that L1") }
    }

    func run() async throws {
        var benchmark = L1Benchmark(keysDirectory: keys)
        benchmark.l1 = l1
        benchmark.key = try l1Key.map { try EthereumKey(file: $0) }
        try await benchmark.run(report: output.print, progress: { printError($0) })
    }
}

/// `rollup bench follow`.
struct BenchFollowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "follow",
        abstract: "A follower catching up over HTTP (blocks per second, proofs verified and pubdata replayed) and restarting with 100k accounts."
    )

    @OptionGroup var output: BenchOutputOptions

    @Option(help: "Full transfer blocks to catch up with.")
    var transferBlocks: Int = 200

    @Option(help: "Accounts of the restarting follower.")
    var accounts: Int = 100_000

    func validate() throws {
        if transferBlocks < 1 { throw ValidationError("--transfer-blocks must be at least 1") }
        if accounts < 1 || accounts >= 1 << 24 { throw ValidationError("--accounts must be between 1 and 2^24 − 1") }
    }

    func run() async throws {
        var benchmark = FollowBenchmark()
        benchmark.transferBlocks = transferBlocks
        benchmark.accounts = accounts
        try await benchmark.run(report: output.print)
    }
}

/// `rollup bench powers-of-tau`.
struct BenchPowersOfTauCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "powers-of-tau",
        abstract: "Make a development .ptau and verify it (rollup ceremony powers-of-tau verify), in one run: ptau_generate, ptau_verify."
    )

    @OptionGroup var output: BenchOutputOptions

    @Option(help: "The power (the file serves domains of up to 2^power).")
    var power: Int = 18

    @Option(help: "Threads (default: all cores).")
    var threads: Int?

    func validate() throws {
        if !(1...27).contains(power) { throw ValidationError("--power must be 1 … 27") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        var benchmark = PowersOfTauBenchmark()
        benchmark.power = power
        if let threads { benchmark.threads = threads }
        try benchmark.run(report: output.print)
    }
}
