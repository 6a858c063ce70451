import Foundation

/// Temporary directories for tests, all under one directory per process
/// (`$TMPDIR/rollup-tests-PID`), which is removed when the process exits.
/// Test nodes, databases and key sets take tens of megabytes each; left
/// behind, every run of the suites would add about a gigabyte.
public enum ScratchDirectory {
    /// This process's root, made and registered for removal on first use.
    static let root: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rollup-tests-\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { ScratchDirectory.removeRoot() }
        return url
    }()

    /// A new, empty directory named `prefix-UUID` under this process's root.
    public static func make(_ prefix: String) throws -> URL {
        let url = root.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A path under this process's root that does not exist yet (for files,
    /// or directories that their user creates).
    public static func path(_ prefix: String, extension ext: String = "") -> URL {
        root.appendingPathComponent("\(prefix)-\(UUID().uuidString)\(ext)")
    }

    static func removeRoot() {
        try? FileManager.default.removeItem(at: root)
    }
}
