import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A client of a node's REST API with the request and answer types the
/// server itself uses: the wallet's, and a follower's upstream. It reads
/// what a hostile node could send within bounds: an answer body of at most
/// ``maxBody`` bytes (a download at most ``maxDownload``), never
/// decompressed (a content-encoded answer is refused), no redirects, 10 s
/// to connect, 30 s of silence at most, and ``timeout`` for the whole
/// request, body included.
public struct NodeClient: Sendable {
    public let base: URL
    /// The most one answer body may hold, in bytes.
    public let maxBody: Int
    private let timeout: Duration

    /// Why a request gave no answer of the documented type.
    public enum Failure: Error, CustomStringConvertible {
        /// The URL given for the node is not http(s).
        case notHTTP(String)
        /// No answer: the connection failed or timed out.
        case unreachable(base: String, detail: String)
        /// A non-2xx answer, with the node's error code and message.
        case refused(status: Int, body: APIErrorBody)
        /// A 2xx answer that is not the documented type.
        case malformed(path: String, type: String, detail: String)
        /// An answer body larger than the client reads.
        case tooLarge(path: String, limit: Int)
        /// An answer compressed (or otherwise encoded), which the client does not decode.
        case encoded(path: String, encoding: String)
        /// A downloaded body could not be saved.
        case cannotWrite(String, String)

        public var description: String {
            switch self {
            case .notHTTP(let url): return "the node's address must be an http(s) URL, got \(url)"
            case .unreachable(let base, let detail): return "cannot reach the node at \(base): \(detail)"
            case .refused(let status, let body): return "the node refused (\(status) \(body.error.code)): \(body.error.message)"
            case .malformed(let path, let type, let detail): return "the node's answer to \(path) is not the documented \(type): \(detail)"
            case .tooLarge(let path, let limit): return "the node's answer to \(path) is larger than \(limit) bytes; it was not read further"
            case .encoded(let path, let encoding):
                return "the node's answer to \(path) is content-encoded (\(encoding)); only unencoded answers are read, so none is decompressed"
            case .cannotWrite(let path, let detail): return "cannot write \(path): \(detail)"
            }
        }

        /// The HTTP status of a refusal.
        public var status: Int? {
            if case .refused(let status, _) = self { return status }
            return nil
        }
    }

    /// The default cap on one answer: 8 MiB, four times a page of 100
    /// blocks of the largest shape (64 slots).
    public static let defaultMaxBody = 8 << 20
    /// The cap on a download (a proving key): 4 GiB.
    public static let maxDownload: Int64 = 4 << 30
    /// An error answer is read up to this many bytes.
    static let maxErrorBody = 64 << 10

    /// `timeout`: how long one request may take, body included;
    /// `maxBody`: the largest answer body it reads.
    public init(_ url: String, timeout: Duration = .seconds(30), maxBody: Int = NodeClient.defaultMaxBody) throws(Failure) {
        guard let base = URL(string: url), base.scheme == "http" || base.scheme == "https", base.host != nil else { throw .notHTTP(url) }
        self.base = base
        self.timeout = timeout
        self.maxBody = maxBody
    }

    /// One HTTP client for the process, with the limits above; a
    /// connection that cannot be made fails the request at once (callers
    /// retry at their own pace).
    private static let http: HTTPClient = {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow, timeout: .init(connect: .seconds(10), read: .seconds(30)), decompression: .disabled)
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// GET `path` (with `query` items), decoded as `Answer`.
    public func get<Answer: Decodable>(_ path: String, query: [String: String] = [:], as answer: Answer.Type = Answer.self) async throws(Failure) -> Answer {
        var url = base.appendingPathComponent(path)
        if !query.isEmpty, var components = URLComponents(url: url, resolvingAgainstBaseURL: false) {
            components.queryItems = query.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
            url = components.url ?? url
        }
        return try await send(HTTPClientRequest(url: url.absoluteString), path: url.path)
    }

    /// POST `body` as JSON to `path`, the answer decoded as `Answer`.
    public func post<Body: Encodable, Answer: Decodable>(_ path: String, _ body: Body, as answer: Answer.Type = Answer.self) async throws(Failure) -> Answer {
        let url = base.appendingPathComponent(path)
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        do { request.body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(body))) } catch {
            throw .malformed(path: path, type: "\(Body.self)", detail: "cannot encode the request: \(error)")
        }
        request.headers.add(name: "Content-Type", value: "application/json")
        return try await send(request, path: url.path)
    }

    /// GET `path`'s body (a proving key, hundreds of megabytes), streamed
    /// to a temporary file beside `file` and renamed to it; at most
    /// ``maxDownload`` bytes, within 10 minutes or `timeout` if longer.
    /// While the node answers 429 `too_many_downloads` (too many downloads
    /// from this address at once), it waits 2–8 s and asks again, within
    /// the same 10 minutes.
    public func download(_ path: String, to file: URL) async throws(Failure) {
        let deadline = ContinuousClock.now + max(timeout, .seconds(600))
        while true {
            do {
                return try await downloadOnce(path, to: file)
            } catch .refused(429, let body) where body.error.code == "too_many_downloads" && ContinuousClock.now + .seconds(8) < deadline {
                try? await Task.sleep(for: .milliseconds(Int.random(in: 2_000...8_000)))
            }
        }
    }

    private func downloadOnce(_ path: String, to file: URL) async throws(Failure) {
        let url = base.appendingPathComponent(path)
        let temporary = file.deletingLastPathComponent().appendingPathComponent(".\(file.lastPathComponent).part")
        do {
            try await within(max(timeout, .seconds(600))) {
                let response = try await Self.http.execute(Self.prepared(HTTPClientRequest(url: url.absoluteString)), timeout: .seconds(600))
                let body = try await Self.checked(response, path: url.path)
                guard FileManager.default.createFile(atPath: temporary.path, contents: nil), let handle = FileHandle(forWritingAtPath: temporary.path) else {
                    throw Failure.cannotWrite(temporary.path, "cannot create it")
                }
                defer { try? handle.close() }
                var written: Int64 = 0
                for try await chunk in body {
                    written += Int64(chunk.readableBytes)
                    guard written <= Self.maxDownload else { throw Failure.tooLarge(path: url.path, limit: Int(Self.maxDownload)) }
                    do { try handle.write(contentsOf: Data(chunk.readableBytesView)) } catch { throw Failure.cannotWrite(temporary.path, error.localizedDescription) }
                }
            }
            if FileManager.default.fileExists(atPath: file.path) { try FileManager.default.removeItem(at: file) }
            try FileManager.default.moveItem(at: temporary, to: file)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            if let failure = error as? Failure { throw failure }
            throw .cannotWrite(file.path, error.localizedDescription)
        }
    }

    private func send<Answer: Decodable>(_ request: HTTPClientRequest, path: String) async throws(Failure) -> Answer {
        let data = try await body(request, path: path)
        do {
            return try JSONDecoder().decode(Answer.self, from: data)
        } catch {
            throw .malformed(path: path, type: "\(Answer.self)", detail: "\(error)")
        }
    }

    /// The body of a 2xx answer, at most ``maxBody`` bytes.
    private func body(_ request: HTTPClientRequest, path: String) async throws(Failure) -> Data {
        let limit = maxBody
        do {
            return try await within(timeout) {
                let response = try await Self.http.execute(Self.prepared(request), timeout: .nanoseconds(Int64(timeout / .nanoseconds(1))))
                let body = try await Self.checked(response, path: path)
                do {
                    return Data(try await body.collect(upTo: limit).readableBytesView)
                } catch is NIOTooManyBytesError {
                    throw Failure.tooLarge(path: path, limit: limit)
                }
            }
        } catch let failure as Failure {
            throw failure
        } catch {
            throw .unreachable(base: base.absoluteString, detail: "\(error)")
        }
    }

    /// `request` asking for an unencoded answer.
    private static func prepared(_ request: HTTPClientRequest) -> HTTPClientRequest {
        var request = request
        request.headers.replaceOrAdd(name: "Accept-Encoding", value: "identity")
        return request
    }

    /// The body of `response` when it is a 2xx answer without a content
    /// encoding; otherwise the refusal (its error body read up to 64 KiB).
    private static func checked(_ response: HTTPClientResponse, path: String) async throws -> HTTPClientResponse.Body {
        let status = Int(response.status.code)
        guard (200..<300).contains(status) else {
            let data = (try? await response.body.collect(upTo: maxErrorBody)).map { Data($0.readableBytesView) } ?? Data()
            throw Failure.refused(status: status, body: errorBody(data))
        }
        if let encoding = response.headers.first(name: "Content-Encoding"), encoding.lowercased() != "identity" {
            throw Failure.encoded(path: path, encoding: String(encoding.prefix(40)))
        }
        return response.body
    }

    /// `operation`, or ``Failure/unreachable(base:detail:)`` when it takes longer than `limit`.
    private func within<T: Sendable>(_ limit: Duration, _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else {
                throw Failure.unreachable(base: base.absoluteString, detail: "no complete answer within \(limit)")
            }
            return value
        }
    }

    /// The node's JSON error, or the body as the message.
    private static func errorBody(_ data: Data) -> APIErrorBody {
        (try? JSONDecoder().decode(APIErrorBody.self, from: data)) ?? APIErrorBody(code: "unknown", message: String(decoding: data.prefix(1024), as: UTF8.self))
    }
}
