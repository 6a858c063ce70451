import AsyncHTTPClient
import Foundation
import NIOCore
import Support

/// A client of an L1 node's standard JSON-RPC over HTTP (geth, anvil, a
/// hosted endpoint, or scripts/dev_l1.py in tests). It reads what a
/// hostile endpoint could send within bounds: at most ``maxBody`` bytes of
/// answer, no redirects, and ``timeout`` for each request.
public struct JSONRPCClient: Sendable {
    public let url: String
    public let maxBody: Int
    private let timeout: Duration

    /// Why a call gave no result.
    public enum Failure: Error, CustomStringConvertible {
        case notHTTP(String)
        case unreachable(url: String, detail: String)
        /// The endpoint answered with a JSON-RPC error (a reverted call's message holds its reason).
        case error(method: String, code: Int, message: String)
        case malformed(method: String, detail: String)

        public var description: String {
            switch self {
            case .notHTTP(let url): return "the L1 endpoint must be an http(s) URL, got \(url.prefix(100))"
            case .unreachable(let url, let detail): return "cannot reach the L1 endpoint \(url): \(detail)"
            case .error(let method, let code, let message): return "the L1 endpoint refused \(method) (\(code)): \(message.prefix(300))"
            case .malformed(let method, let detail): return "the L1 endpoint's answer to \(method) is not JSON-RPC: \(detail.prefix(300))"
            }
        }
    }

    public init(_ url: String, timeout: Duration = .seconds(30), maxBody: Int = 16 << 20) throws(Failure) {
        guard let parsed = URL(string: url), parsed.scheme == "http" || parsed.scheme == "https", parsed.host != nil else { throw .notHTTP(url) }
        self.url = url
        self.timeout = timeout
        self.maxBody = maxBody
    }

    /// Each request's own ``timeout`` is its deadline; the read timeout only
    /// bounds the longest a client may choose.
    private static let http: HTTPClient = {
        let configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow, timeout: .init(connect: .seconds(10), read: .seconds(600)), decompression: .disabled)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    private struct Request<Parameters: Encodable>: Encodable {
        let jsonrpc = "2.0"
        let id: Int
        let method: String
        let params: Parameters
    }

    private struct Response<Result: Decodable>: Decodable {
        struct ErrorBody: Decodable {
            let code: Int
            let message: String
        }
        let result: Result?
        let error: ErrorBody?
    }

    /// Calls `method` with `params`; the result decoded as `Result` (an
    /// absent or null result decodes as nil when `Result` is optional).
    public func call<Result: Decodable, Parameters: Encodable>(_ method: String, _ params: Parameters, as result: Result.Type = Result.self) async throws(Failure) -> Result {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept-Encoding", value: "identity")
        do { request.body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(Request(id: 1, method: method, params: params)))) } catch {
            throw .malformed(method: method, detail: "cannot encode the request: \(error)")
        }
        let data: Data
        do {
            let response = try await Self.http.execute(request, timeout: .nanoseconds(Int64(timeout / .nanoseconds(1))))
            guard (200..<300).contains(Int(response.status.code)) else { throw Failure.unreachable(url: url, detail: "HTTP \(response.status.code)") }
            data = Data(try await response.body.collect(upTo: maxBody).readableBytesView)
        } catch let failure as Failure {
            throw failure
        } catch is NIOTooManyBytesError {
            throw .malformed(method: method, detail: "the answer is larger than \(maxBody) bytes")
        } catch {
            throw .unreachable(url: url, detail: "\(error)")
        }
        let decoded: Response<Result>
        do { decoded = try JSONDecoder().decode(Response<Result>.self, from: data) } catch { throw .malformed(method: method, detail: "\(error)") }
        if let error = decoded.error { throw .error(method: method, code: error.code, message: error.message) }
        if let result = decoded.result { return result }
        if let nullable = Result.self as? any NullableResult.Type, let null = nullable.null as? Result { return null }
        throw .malformed(method: method, detail: "no result")
    }
}

/// A result type for which JSON null is an answer (a receipt not yet mined).
private protocol NullableResult {
    static var null: Self { get }
}

extension Optional: NullableResult {
    fileprivate static var null: Self { .none }
}
