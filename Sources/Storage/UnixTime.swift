import Foundation

/// Wall-clock time as the database stores it (leases and heartbeats are
/// compared across processes, so they use the wall clock).
public enum UnixTime {
    /// Unix time in milliseconds.
    public static func milliseconds() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }
}
