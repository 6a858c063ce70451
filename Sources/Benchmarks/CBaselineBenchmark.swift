import ChildProcess
import Foundation

/// The plain-C reference for Fr multiplication: a textbook CIOS Montgomery
/// multiplication with `unsigned __int128`, compiled here with `cc -O3` and
/// timed on the same dependent chain as ours, in the same run.
public enum CBaselineBenchmark {
    /// Why the baseline could not be measured.
    public enum Failure: Error, CustomStringConvertible {
        case compilerMissing(String)
        case compileFailed(String)
        case badOutput(String)

        public var description: String {
            switch self {
            case .compilerMissing(let detail): return "no C compiler to build the baseline (install gcc): \(detail)"
            case .compileFailed(let log): return "the C baseline did not compile: \(log)"
            case .badOutput(let output): return "the C baseline printed something unexpected: \(output)"
            }
        }
    }

    /// The baseline's source: CIOS over the Fr modulus, x ← x·y, n times.
    static let source = """
    #include <stdint.h>
    #include <stdio.h>
    #include <stdlib.h>
    #include <string.h>
    #include <time.h>
    typedef unsigned __int128 u128;
    static const uint64_t Q[4] = {0x43e1f593f0000001ULL, 0x2833e84879b97091ULL,
                                  0xb85045b68181585dULL, 0x30644e72e131a029ULL};
    static const uint64_t QINV = 0xc2e1f593efffffffULL;
    static void mont_mul(uint64_t r[4], const uint64_t a[4], const uint64_t b[4]) {
        uint64_t t[6] = {0, 0, 0, 0, 0, 0};
        for (int i = 0; i < 4; i++) {
            uint64_t c = 0;
            for (int j = 0; j < 4; j++) {
                u128 x = (u128)a[j] * b[i] + t[j] + c;
                t[j] = (uint64_t)x; c = (uint64_t)(x >> 64);
            }
            u128 s = (u128)t[4] + c;
            t[4] = (uint64_t)s; t[5] = (uint64_t)(s >> 64);
            uint64_t m = t[0] * QINV;
            u128 x = (u128)m * Q[0] + t[0];
            c = (uint64_t)(x >> 64);
            for (int j = 1; j < 4; j++) {
                x = (u128)m * Q[j] + t[j] + c;
                t[j - 1] = (uint64_t)x; c = (uint64_t)(x >> 64);
            }
            s = (u128)t[4] + c;
            t[3] = (uint64_t)s; t[4] = t[5] + (uint64_t)(s >> 64);
        }
        uint64_t d[4], borrow = 0;
        for (int j = 0; j < 4; j++) {
            u128 x = (u128)t[j] - Q[j] - borrow;
            d[j] = (uint64_t)x; borrow = (uint64_t)(x >> 64) & 1;
        }
        memcpy(r, (t[4] || !borrow) ? d : t, 32);
    }
    int main(int argc, char **argv) {
        long n = atol(argv[1]);
        uint64_t x[4] = {0x1234567890abcdefULL, 2, 3, 4};
        uint64_t y[4] = {0xfedcba0987654321ULL, 5, 6, 0x0e0a77c19a07df2fULL};
        double best = 1e300;
        for (int rep = 0; rep < 6; rep++) {
            struct timespec s, e;
            clock_gettime(CLOCK_MONOTONIC, &s);
            for (long i = 0; i < n; i++) mont_mul(x, x, y);
            clock_gettime(CLOCK_MONOTONIC, &e);
            double ns = ((e.tv_sec - s.tv_sec) * 1e9 + (e.tv_nsec - s.tv_nsec)) / n;
            if (rep > 0 && ns < best) best = ns;
        }
        printf("%.4f %llu\\n", best, (unsigned long long)x[0]);
        return 0;
    }
    """

    /// Compiles and runs the baseline; nanoseconds per multiplication.
    public static func measure(iterations: Int) throws -> Double {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("rollup-c-baseline-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let sourceFile = directory.appendingPathComponent("baseline.c")
        let binary = directory.appendingPathComponent("baseline")
        try source.write(to: sourceFile, atomically: true, encoding: .utf8)

        let compiler = ProcessInfo.processInfo.environment["CC"] ?? "gcc"
        let compile = try ChildProcess.run("/usr/bin/env", [compiler, "-O3", "-o", binary.path, sourceFile.path])
        guard compile.status == 0 else {
            if compile.status == 127 { throw Failure.compilerMissing(compile.output) }
            throw Failure.compileFailed(compile.output)
        }
        let result = try ChildProcess.run(binary.path, [String(iterations)])
        guard result.status == 0, let first = result.output.split(separator: " ").first, let ns = Double(first) else {
            throw Failure.badOutput(result.output)
        }
        return ns
    }
}
