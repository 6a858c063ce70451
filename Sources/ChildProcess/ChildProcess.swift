import Foundation

/// Runs a program to its end and captures what it printed (standard output
/// and standard error together): the C baseline benchmark's compiler and
/// binary, and the tests that drive `rollup` and the Python checkers as a
/// user would.
public enum ChildProcess {
    /// What a finished program left: its exit status and its output.
    public struct Result: Sendable {
        public let status: Int32
        public let output: String
    }

    /// Runs `executable` with `arguments`, in `directory` and with
    /// `environment` when given (else the caller's), and waits for it.
    public static func run(
        _ executable: String, _ arguments: [String], directory: String? = nil, environment: [String: String]? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        if let environment { process.environment = environment }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self))
    }
}
