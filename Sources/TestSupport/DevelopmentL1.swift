import Foundation

/// scripts/dev_l1.py, started for a test: a development L1 (py-evm behind
/// standard JSON-RPC) on a loopback port of its own, stopped with `stop()`.
public final class DevelopmentL1: Sendable {
    /// Its JSON-RPC endpoint.
    public let url: String
    /// Its chain id.
    public let chainID: UInt64
    /// The private keys of its funded accounts (0x and 64 hex digits).
    public let keys: [String]
    private let process: LoggedProcess

    private struct Announcement: Decodable {
        let url: String
        let chainId: UInt64
        let keys: [String]
    }

    /// Starts it and waits (up to 2 minutes) until it listens: mining each
    /// transaction at once, or with `blockTime` (seconds) pooling them until
    /// the next block, as a real chain does.
    public init(blockTime: Double? = nil) async throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../scripts/dev_l1.py").standardized.path
        let pooled = blockTime.map { ["--block-time", String($0)] } ?? []
        process = try LoggedProcess("/usr/bin/env", ["python3", script, "--port", String(try FreePort.next())] + pooled, logName: "dev-l1")
        guard try await process.waitForOutput("\"keys\""), let line = process.output.split(separator: "\n").first(where: { $0.hasPrefix("{") }),
              let announced = try? JSONDecoder().decode(Announcement.self, from: Data(line.utf8)) else {
            process.stop()
            throw LoggedProcess.Failure(description: "the development L1 did not start: \(process.outputTail)")
        }
        url = announced.url
        chainID = announced.chainId
        keys = announced.keys
    }

    /// Writes key `index` to a new file and returns its path.
    public func keyFile(_ index: Int) throws -> String {
        let path = ScratchDirectory.path("l1-key", extension: ".key").path
        try (keys[index] + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// SIGTERM, and SIGKILL if it has not ended 10 s later.
    public func stop() {
        let process = process.process
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}
