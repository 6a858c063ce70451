import Algebra
import Ceremony

/// `rollup bench powers-of-tau`: making a development .ptau of a power and
/// verifying it as `rollup ceremony powers-of-tau verify` does, in one run,
/// so that the ratio of the two compares like with like.
public struct PowersOfTauBenchmark {
    public var power = 18
    public var threads = Parallelism.available

    public init() {}

    /// Rows `ptau_generate` (the file made, with its Lagrange sections) and
    /// `ptau_verify` (every contribution, power and Lagrange point checked),
    /// with `verify_vs_generate`.
    public func run(report: (BenchmarkResult) -> Void) throws {
        var made: PowersOfTau?
        let generate = try BenchmarkClock.time { made = try PowersOfTau.generate(power: power, name: "bench", threads: threads) }
        guard let made else { throw BenchmarkFailure("no ptau was made") }
        report(BenchmarkResult(name: "ptau_generate", ns: generate, extra: [("power", Double(power))]))
        let reread = try PowersOfTau(bytes: made.encoded)
        let verify = try BenchmarkClock.time { blackHole(try PowersOfTauVerifier.verify(reread, threads: threads)) }
        report(BenchmarkResult(name: "ptau_verify", ns: verify, extra: [("power", Double(power)), ("verify_vs_generate", verify / generate)]))
    }
}
