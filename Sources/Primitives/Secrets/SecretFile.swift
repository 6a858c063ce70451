import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Writing a file that holds a secret (a key file, a keystore) so that no
/// one else can read it, not even for a moment: a temporary file beside it
/// is created with mode 0600 (O_CREAT | O_EXCL, so an existing file or link
/// is never reused), written, synced to disk, and renamed into place; a
/// failure removes it.
public enum SecretFile {
    /// Why a secret could not be written.
    public struct Failure: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "cannot write \(path): \(reason)" }
    }

    /// Writes `bytes` to `path` (replacing a file there), readable and
    /// writable by the owner only.
    public static func write(_ bytes: [UInt8], to path: String) throws(Failure) {
        let temporary = path + ".partial-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
        var failure: String?
        var written = 0
        while written < bytes.count, failure == nil {
            let count = bytes[written...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno != EINTR { failure = String(cString: strerror(errno)) }
            } else {
                written += count
            }
        }
        if failure == nil, fsync(descriptor) != 0 { failure = String(cString: strerror(errno)) }
        close(descriptor)
        if failure == nil, rename(temporary, path) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary)
            throw Failure(path: path, reason: failure)
        }
    }
}
