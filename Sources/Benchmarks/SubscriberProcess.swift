import Foundation

/// The subscribers of `rollup bench api --subscribers` in a process of their
/// own (`rollup bench-subscribers`) at idle priority (SCHED_IDLE): on a
/// machine the node shares with its clients, they run only on cycles the
/// node leaves, as clients on other machines would take none, so that the
/// run measures what the node spends on them. It prints "ready" once every
/// subscriber is acknowledged; after "stop" on its input, "failures <n>"
/// and "end".
final class SubscriberProcess: @unchecked Sendable {
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var reader: FileHandleLines

    init(executable: String, count: Int, port: Int) throws {
        // Started through chrt(1), so that every thread it makes inherits
        // the idle policy (set inside the process, it would hold for the
        // calling thread alone, not for the threads that serve its sockets).
        process.executableURL = URL(fileURLWithPath: "/usr/bin/chrt")
        process.arguments = ["--idle", "0", executable, "bench-subscribers", "--port", String(port), "--count", String(count)]
        process.standardInput = input
        process.standardOutput = output
        reader = FileHandleLines(output.fileHandleForReading)
        try process.run()
        guard try reader.next(timeout: .seconds(180)) == "ready" else {
            process.terminate()
            throw LoopbackHTTPClient.Failure(description: "the subscriber process did not connect its subscribers in 3 minutes")
        }
    }

    /// Stops the subscribers; how many failed.
    func stop() throws -> Int {
        input.fileHandleForWriting.write(Data("stop\n".utf8))
        var failures = 0
        while let line = try reader.next(timeout: .seconds(60)), line != "end" {
            let fields = line.split(separator: " ")
            if fields.count == 2, fields[0] == "failures", let count = Int(fields[1]) { failures = count }
        }
        process.waitUntilExit()
        return failures
    }
}

/// Lines of a pipe, read on a thread of its own with a deadline.
final class FileHandleLines: @unchecked Sendable {
    private let handle: FileHandle
    private var buffer = Data()

    init(_ handle: FileHandle) {
        self.handle = handle
    }

    /// The next line, nil at the end of the stream; throws after `timeout`.
    func next(timeout: Duration) throws -> String? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let newline = buffer.firstIndex(of: 10) {
                let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                buffer.removeSubrange(buffer.startIndex...newline)
                return line
            }
            guard ContinuousClock.now < deadline else { throw LoopbackHTTPClient.Failure(description: "no line in \(timeout)") }
            let chunk = handle.availableData
            if chunk.isEmpty { return buffer.isEmpty ? nil : String(decoding: buffer, as: UTF8.self) }
            buffer.append(chunk)
        }
    }
}
