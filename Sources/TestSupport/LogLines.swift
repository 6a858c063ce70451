import Foundation

/// Lines logged from any thread, as a progress callback hands them over.
public final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var stored = [String]()

    public init() {}

    public var lines: [String] { lock.withLock { stored } }

    public func append(_ line: String) { lock.withLock { stored.append(line) } }
}
