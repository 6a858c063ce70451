import Foundation

/// One measured row of a benchmark: a name, nanoseconds, and any extra
/// figures (ratios, baselines) that belong with it.
public struct BenchmarkResult: Sendable {
    public let name: String
    /// Nanoseconds per operation (or per run, for whole computations).
    public let ns: Double
    /// Further numeric fields, printed in order.
    public let extra: [(String, Double)]

    public init(name: String, ns: Double, extra: [(String, Double)] = []) {
        self.name = name
        self.ns = ns
        self.extra = extra
    }

    /// One JSON object on one line: {"name": …, "ns": …, extra…}.
    public var jsonLine: String {
        var fields = ["\"name\":\"\(name)\"", "\"ns\":\(Self.number(ns))"]
        fields += extra.map { "\"\($0.0)\":\(Self.number($0.1))" }
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// A human-readable table row.
    public var tableRow: String {
        let padded = name.padding(toLength: 34, withPad: " ", startingAt: 0)
        let extras = extra.map { "\($0.0)=\(Self.number($0.1))" }.joined(separator: "  ")
        return "\(padded) \(Self.humanTime(ns).leftPadded(to: 12))  \(extras)"
    }

    static func number(_ value: Double) -> String {
        value.isFinite ? String(format: "%.3f", value) : "null"
    }

    static func humanTime(_ ns: Double) -> String {
        switch ns {
        case ..<1_000: return String(format: "%.2f ns", ns)
        case ..<1_000_000: return String(format: "%.2f µs", ns / 1_000)
        case ..<1_000_000_000: return String(format: "%.2f ms", ns / 1_000_000)
        default: return String(format: "%.3f s", ns / 1_000_000_000)
        }
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}

