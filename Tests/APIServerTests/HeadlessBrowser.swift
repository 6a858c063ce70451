import Foundation
import HummingbirdWSClient
import Logging
import TestSupport

/// Debian's Chromium, headless, driven over the DevTools protocol (a
/// WebSocket): one page, its network requests recorded, JavaScript
/// evaluated in it, screenshots taken, and responses rewritten on the way in
/// (`rewrite`). Nil from ``launch()`` where no chromium is installed.
final class HeadlessBrowser: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private let process: Process
    private let lock = NSLock()
    private var nextID = 0
    private var waiting = [Int: CheckedContinuation<Data, any Error>]()
    private var requestURLs = [String]()
    private var rewrites = [(urlPart: String, change: @Sendable (String) -> String)]()
    private var outgoing: AsyncStream<String>.Continuation?
    private var connection: Task<Void, any Error>?
    private var session = ""

    private init(process: Process) {
        self.process = process
    }

    static var executable: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Starts Chromium and opens one page, `width` pixels wide.
    static func launch(width: Int = 1024, height: Int = 900) async throws -> HeadlessBrowser {
        guard let executable else { throw Failure(description: "chromium is not installed (make test-deps installs it)") }
        let profile = try ScratchDirectory.make("rollup-chromium")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--remote-debugging-port=0", "--remote-allow-origins=*", "--user-data-dir=\(profile.path)", "--no-first-run",
            "--no-default-browser-check", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
            "--mute-audio", "about:blank",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let browser = HeadlessBrowser(process: process)
        // Chromium writes its DevTools port and browser path to DevToolsActivePort.
        let portFile = profile.appendingPathComponent("DevToolsActivePort").path
        var lines = [String]()
        for _ in 0..<200 where lines.count < 2 {
            try await Task.sleep(for: .milliseconds(50))
            lines = ((try? String(contentsOfFile: portFile, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }
        guard lines.count >= 2 else {
            browser.close()
            throw Failure(description: "chromium did not open its DevTools port within 10 s")
        }
        try await browser.connect("ws://127.0.0.1:\(lines[0])\(lines[1])")
        let target = try await browser.send("Target.createTarget", ["url": "about:blank"], inSession: false)
        guard let targetID = target["targetId"] as? String else { throw Failure(description: "no target: \(target)") }
        let attached = try await browser.send("Target.attachToTarget", ["targetId": targetID, "flatten": true], inSession: false)
        guard let session = attached["sessionId"] as? String else { throw Failure(description: "no session: \(attached)") }
        browser.lock.withLock { browser.session = session }
        for method in ["Page.enable", "Network.enable", "Runtime.enable"] { _ = try await browser.send(method) }
        try await browser.resize(width: width, height: height)
        return browser
    }

    private func connect(_ url: String) async throws {
        let (requests, outgoing) = AsyncStream.makeStream(of: String.self)
        lock.withLock { self.outgoing = outgoing }
        let ready = AsyncStream.makeStream(of: Void.self)
        connection = Task { [unowned self] in
            defer { ready.continuation.finish() }
            try await WebSocketClient.connect(url: url, configuration: .init(maxFrameSize: 64 << 20), logger: Logger(label: "test.devtools")) { inbound, outbound, _ in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { for await text in requests { try await outbound.write(.text(text)) } }
                    ready.continuation.yield()
                    for try await message in inbound.messages(maxSize: 64 << 20) {
                        guard case .text(let text) = message else { continue }
                        self.receive(Data(text.utf8))
                    }
                    group.cancelAll()
                }
            }
        }
        for await _ in ready.stream { return }
        throw Failure(description: "cannot open DevTools at \(url): \(String(describing: await connection?.result))")
    }

    private func receive(_ data: Data) {
        guard let message = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { return }
        if let id = message["id"] as? Int {
            let continuation = lock.withLock { waiting.removeValue(forKey: id) }
            if let error = message["error"] { continuation?.resume(throwing: Failure(description: "DevTools: \(error)")) } else {
                continuation?.resume(returning: (try? JSONSerialization.data(withJSONObject: message["result"] ?? [:])) ?? Data("{}".utf8))
            }
            return
        }
        let params = message["params"] as? [String: Any] ?? [:]
        switch message["method"] as? String {
        case "Network.requestWillBeSent":
            if let url = (params["request"] as? [String: Any])?["url"] as? String { lock.withLock { requestURLs.append(url) } }
        case "Network.webSocketCreated":
            if let url = params["url"] as? String { lock.withLock { requestURLs.append(url) } }
        case "Fetch.requestPaused":
            guard let requestID = params["requestId"] as? String, let url = (params["request"] as? [String: Any])?["url"] as? String else { return }
            let change = lock.withLock { rewrites.first { url.contains($0.urlPart) }?.change }
            Task { try await self.fulfill(requestID, change: change) }
        default: break
        }
    }

    /// Sends a DevTools command (to the page's session unless `inSession` is false) and waits for its result.
    @discardableResult
    func send(_ method: String, _ params: [String: Any] = [:], inSession: Bool = true) async throws -> [String: Any] {
        let (id, outgoing, session) = lock.withLock { () -> (Int, AsyncStream<String>.Continuation?, String) in
            nextID += 1
            return (nextID, self.outgoing, self.session)
        }
        var message: [String: Any] = ["id": id, "method": method, "params": params]
        if inSession { message["sessionId"] = session }
        let text = String(decoding: try JSONSerialization.data(withJSONObject: message), as: UTF8.self)
        // Unanswered in 30 s (the browser or the connection is gone): fail rather than wait for ever.
        let timeout = Task { [weak self] in
            try await Task.sleep(for: .seconds(30))
            let continuation = self?.lock.withLock { self?.waiting.removeValue(forKey: id) }
            continuation?.resume(throwing: Failure(description: "\(method) was not answered in 30 s"))
        }
        defer { timeout.cancel() }
        let data = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Data, any Error>) in
            lock.withLock { waiting[id] = continuation }
            outgoing?.yield(text)
        }
        return (try JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    }

    func resize(width: Int, height: Int) async throws {
        try await send("Emulation.setDeviceMetricsOverride", ["width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600])
    }

    func navigate(_ url: String) async throws {
        try await send("Page.navigate", ["url": url])
    }

    /// The value of `expression` (awaited if it is a promise).
    func evaluate(_ expression: String) async throws -> Any? {
        let result = try await send("Runtime.evaluate", ["expression": expression, "returnByValue": true, "awaitPromise": true])
        if let exception = result["exceptionDetails"] { throw Failure(description: "\(expression.prefix(80)): \(exception)") }
        return (result["result"] as? [String: Any])?["value"]
    }

    /// Waits up to `timeout` until `condition` (a JavaScript expression) is true.
    func wait(until condition: String, timeout: Duration = .seconds(20)) async throws -> Bool {
        try await Poll.until(timeout: timeout, every: .milliseconds(50)) { (try? await evaluate("Boolean(\(condition))")) as? Bool == true }
    }

    /// Writes a PNG of the page as shown to `path`.
    func screenshot(to path: String) async throws {
        let result = try await send("Page.captureScreenshot", ["format": "png", "captureBeyondViewport": true])
        guard let base64 = result["data"] as? String, let png = Data(base64Encoded: base64) else { throw Failure(description: "no screenshot") }
        try png.write(to: URL(fileURLWithPath: path))
    }

    /// Every URL the page requested so far (WebSockets included).
    var requests: [String] { lock.withLock { requestURLs } }

    /// From now on, responses whose URL contains `urlPart` reach the page changed by `change`.
    func rewrite(responsesContaining urlPart: String, _ change: @escaping @Sendable (String) -> String) async throws {
        lock.withLock { rewrites.append((urlPart, change)) }
        try await send("Fetch.enable", ["patterns": [["urlPattern": "*\(urlPart)*", "requestStage": "Response"]]])
    }

    private func fulfill(_ requestID: String, change: (@Sendable (String) -> String)?) async throws {
        let body = try await send("Fetch.getResponseBody", ["requestId": requestID])
        var text = body["body"] as? String ?? ""
        if body["base64Encoded"] as? Bool == true, let data = Data(base64Encoded: text) { text = String(decoding: data, as: UTF8.self) }
        let changed = change?(text) ?? text
        try await send("Fetch.fulfillRequest", [
            "requestId": requestID, "responseCode": 200,
            "responseHeaders": [["name": "Content-Type", "value": "application/json"]], "body": Data(changed.utf8).base64EncodedString(),
        ])
    }

    func close() {
        lock.withLock { outgoing?.finish() }
        connection?.cancel()
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}
