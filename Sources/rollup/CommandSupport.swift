import Foundation
import Groth16

/// The contents of `path`, or a clear error.
func readFile(_ path: String) throws -> Data {
    do {
        return try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
        throw CommandFailure("cannot read \(path): \((error as NSError).localizedDescription)")
    }
}

/// Writes a line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Progress lines on standard error, at most one per 10 %.
func progressPrinter(_ task: String) -> ProgressHandler {
    let last = LastReported()
    return { stage, fraction in
        let decile = Int(fraction * 10)
        if last.update(decile) { printError("\(task): \(Int(fraction * 100))% \(stage)") }
    }
}

/// The last progress decile printed, shared by progress callbacks.
final class LastReported: @unchecked Sendable {
    private var value = -1
    private let lock = NSLock()

    /// Records `decile`; true when it is new.
    func update(_ decile: Int) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard decile > value else { return false }
        value = decile
        return true
    }
}
