import ArgumentParser
import Benchmarks

/// `rollup bench …`: the benchmarks that hold the speed targets.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the speed of the rollup's parts.",
        subcommands: [BenchAlgebraCommand.self]
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
struct BenchAlgebraCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "algebra",
        abstract: "Time BN254 field, curve, pairing, MSM and NTT operations against a plain-C baseline."
    )

    @OptionGroup var output: BenchOutputOptions

    @Option(help: "Threads for MSM and NTT (default: all cores).")
    var threads: Int?

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        var benchmark = AlgebraBenchmark()
        if let threads { benchmark.threads = threads }
        try benchmark.run(report: output.print)
    }
}
