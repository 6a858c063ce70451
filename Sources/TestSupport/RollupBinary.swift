import Foundation

/// The `rollup` executable the tests drive as a user would: the one
/// SwiftPM built beside the test bundle.
public enum RollupBinary {
    /// Its path.
    public static var path: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("rollup").path
    }

    /// Starts `rollup arguments…` (or `launcher… rollup arguments…`, as
    /// `ip netns exec NS`), its standard output and error going to a new
    /// log file under the scratch directory.
    public static func start(
        _ arguments: [String], through launcher: [String] = [], environment: [String: String]? = nil, logName: String = "rollup"
    ) throws -> LoggedProcess {
        guard FileManager.default.isExecutableFile(atPath: path) else { throw LoggedProcess.Failure(description: "no rollup executable at \(path): build the rollup product first") }
        let command = launcher + [path] + arguments
        return try LoggedProcess(command[0], Array(command.dropFirst()), environment: environment, logName: logName)
    }
}

/// A child process whose standard output and error go to a log file, for
/// failure messages and for waiting on what it prints.
public final class LoggedProcess: @unchecked Sendable {
    /// Why a process could not be started or waited for.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String

        public init(description: String) {
            self.description = description
        }
    }

    public let process = Process()
    /// Its log file.
    public let log: URL

    /// Starts `executable` with `arguments`, in `environment` if given (else the caller's).
    public init(_ executable: String, _ arguments: [String], environment: [String: String]? = nil, logName: String) throws {
        log = ScratchDirectory.path(logName, extension: ".log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    /// What it printed so far.
    public var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// The end of what it printed, for a failure message.
    public var outputTail: String { String(output.suffix(2_000)) }

    public var processIdentifier: Int32 { process.processIdentifier }
    public var isRunning: Bool { process.isRunning }
    public var terminationStatus: Int32 { process.terminationStatus }

    /// Sends `signal` and waits for it to exit.
    public func stop(_ signal: Int32 = SIGTERM) {
        if process.isRunning { kill(process.processIdentifier, signal) }
        process.waitUntilExit()
    }

    /// Waits until its output contains `text` (on a thread of its own, for
    /// at most `timeout`); false if it did not, or the process ended first.
    public func waitForOutput(_ text: String, timeout: Duration = .seconds(120)) async throws -> Bool {
        try await Poll.onThread(timeout: timeout) { [self] in output.contains(text) || !process.isRunning }
        return output.contains(text)
    }
}
