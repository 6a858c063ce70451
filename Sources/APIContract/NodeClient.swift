import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A client of a node's REST API with the request and answer types the
/// server itself uses: the wallet's, and a follower's upstream.
public struct NodeClient: Sendable {
    public let base: URL

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
        /// A downloaded body could not be saved.
        case cannotWrite(String, String)

        public var description: String {
            switch self {
            case .notHTTP(let url): return "the node's address must be an http(s) URL, got \(url)"
            case .unreachable(let base, let detail): return "cannot reach the node at \(base): \(detail)"
            case .refused(let status, let body): return "the node refused (\(status) \(body.error.code)): \(body.error.message)"
            case .malformed(let path, let type, let detail): return "the node's answer to \(path) is not the documented \(type): \(detail)"
            case .cannotWrite(let path, let detail): return "cannot write \(path): \(detail)"
            }
        }

        /// The HTTP status of a refusal.
        public var status: Int? {
            if case .refused(let status, _) = self { return status }
            return nil
        }
    }

    /// `timeout`: how long one request may take.
    public init(_ url: String, timeout: Duration = .seconds(30)) throws(Failure) {
        guard let base = URL(string: url), base.scheme == "http" || base.scheme == "https", base.host != nil else { throw .notHTTP(url) }
        self.base = base
        self.timeout = Double(timeout / .milliseconds(1)) / 1000
    }

    private let timeout: TimeInterval

    /// GET `path` (with `query` items), decoded as `Answer`.
    public func get<Answer: Decodable>(_ path: String, query: [String: String] = [:], as answer: Answer.Type = Answer.self) async throws(Failure) -> Answer {
        var url = base.appendingPathComponent(path)
        if !query.isEmpty, var components = URLComponents(url: url, resolvingAgainstBaseURL: false) {
            components.queryItems = query.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
            url = components.url ?? url
        }
        return try await send(URLRequest(url: url, timeoutInterval: timeout))
    }

    /// GET `path`'s body (a proving key, hundreds of megabytes), streamed
    /// to a temporary file and moved to `file`.
    public func download(_ path: String, to file: URL) async throws(Failure) {
        let request = URLRequest(url: base.appendingPathComponent(path), timeoutInterval: max(timeout, 600))
        let temporary: URL, response: URLResponse
        do {
            (temporary, response) = try await URLSession.shared.download(for: request)
        } catch {
            throw .unreachable(base: base.absoluteString, detail: error.localizedDescription)
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else {
            let data = (try? Data(contentsOf: temporary)) ?? Data()
            try? FileManager.default.removeItem(at: temporary)
            throw .refused(status: status, body: Self.errorBody(data))
        }
        do {
            if FileManager.default.fileExists(atPath: file.path) { try FileManager.default.removeItem(at: file) }
            try FileManager.default.moveItem(at: temporary, to: file)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw .cannotWrite(file.path, error.localizedDescription)
        }
    }

    /// POST `body` as JSON to `path`, the answer decoded as `Answer`.
    public func post<Body: Encodable, Answer: Decodable>(_ path: String, _ body: Body, as answer: Answer.Type = Answer.self) async throws(Failure) -> Answer {
        var request = URLRequest(url: base.appendingPathComponent(path), timeoutInterval: timeout)
        request.httpMethod = "POST"
        do { request.httpBody = try JSONEncoder().encode(body) } catch {
            throw .malformed(path: path, type: "\(Body.self)", detail: "cannot encode the request: \(error)")
        }
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        return try await send(request)
    }

    private func send<Answer: Decodable>(_ request: URLRequest) async throws(Failure) -> Answer {
        let data = try await body(request)
        do {
            return try JSONDecoder().decode(Answer.self, from: data)
        } catch {
            throw .malformed(path: request.url?.path ?? "?", type: "\(Answer.self)", detail: "\(error)")
        }
    }

    /// The body of a 2xx answer.
    private func body(_ request: URLRequest) async throws(Failure) -> Data {
        let data: Data, response: URLResponse
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw .unreachable(base: base.absoluteString, detail: error.localizedDescription)
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else { throw .refused(status: status, body: Self.errorBody(data)) }
        return data
    }

    /// The node's JSON error, or the body as the message.
    private static func errorBody(_ data: Data) -> APIErrorBody {
        (try? JSONDecoder().decode(APIErrorBody.self, from: data)) ?? APIErrorBody(code: "unknown", message: String(decoding: data, as: UTF8.self))
    }
}
