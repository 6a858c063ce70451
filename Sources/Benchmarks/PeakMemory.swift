import Foundation

/// The process's peak resident memory (VmHWM in /proc/self/status), in bytes;
/// nil where /proc is not available.
public enum PeakMemory {
    public static var bytes: Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.count >= 2, let kib = Int(fields[1]) { return kib * 1024 }
        }
        return nil
    }

    /// The peak in MiB, as a benchmark field.
    public static var mebibytes: Double { Double(bytes ?? 0) / 1_048_576 }
}
