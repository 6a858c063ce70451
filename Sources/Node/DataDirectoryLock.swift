import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The lock a node holds on its data directory while it runs
/// (DATA/node.lock, an exclusive `flock`, released by the kernel when the
/// process ends, however it ends): a node, or `rollup contracts deploy`, in
/// another process on the same directory is refused instead of changing
/// the chain under a node that runs on what it read at its start. Within
/// one process the lock is shared (``held(directory:)``): a node reopened
/// there, as tests do, takes the lock its predecessor holds.
public final class DataDirectoryLock: Sendable {
    private let descriptor: Int32

    /// The locks this process holds, by path, while anything holds them.
    private static let registry = NSLock()
    nonisolated(unsafe) private static var held = [String: Weak]()
    private struct Weak { weak var lock: DataDirectoryLock? }

    /// The lock of `directory`: this process's if it holds it already, else taken now.
    public static func held(directory: String) throws(Unavailable) -> DataDirectoryLock {
        let path = URL(fileURLWithPath: directory).standardizedFileURL.appendingPathComponent(fileName).path
        registry.lock()
        defer { registry.unlock() }
        if let lock = held[path]?.lock { return lock }
        let lock = try DataDirectoryLock(path: path)
        held[path] = Weak(lock: lock)
        return lock
    }

    /// The lock file's name in a data directory.
    public static let fileName = "node.lock"

    /// Why the lock was not taken.
    public struct Unavailable: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "\(path): \(reason)" }
    }

    /// Takes the lock at `path`, or refuses at once if another process holds it.
    private init(path: String) throws(Unavailable) {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Unavailable(path: path, reason: "cannot open the data directory's lock: \(String(cString: strerror(errno)))") }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?.prefix(32).trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            close(descriptor)
            throw Unavailable(path: path, reason: "a node runs on this data directory\(holder.isEmpty ? "" : " (process \(holder))"); stop it first")
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pid.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }
}
