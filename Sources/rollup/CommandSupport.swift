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
func progressPrinter(_ task: String) -> ProgressHandler { decileProgress(task) { printError($0) } }
