import APIContract
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The node's REST API as the wallet uses it, with the request and answer
/// types the server itself uses (APIContract).
struct NodeClient {
    let base: URL

    /// An answer that is not 2xx, with the node's error code and message.
    struct Refusal: Error, CustomStringConvertible {
        let status: Int
        let body: APIErrorBody
        var description: String { "the node refused (\(status) \(body.error.code)): \(body.error.message)" }
    }

    init(_ url: String) throws {
        guard let base = URL(string: url), base.scheme == "http" || base.scheme == "https" else {
            throw WalletFailure("--node must be an http(s) URL, got \(url)")
        }
        self.base = base
    }

    func get<Answer: Decodable>(_ path: String, as answer: Answer.Type = Answer.self) async throws -> Answer {
        try await send(URLRequest(url: base.appendingPathComponent(path)))
    }

    func post<Body: Encodable, Answer: Decodable>(_ path: String, _ body: Body, as answer: Answer.Type = Answer.self) async throws -> Answer {
        var request = URLRequest(url: base.appendingPathComponent(path))
        request.httpMethod = "POST"
        request.httpBody = try JSONEncoder().encode(body)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        return try await send(request)
    }

    private func send<Answer: Decodable>(_ request: URLRequest) async throws -> Answer {
        let data: Data, response: URLResponse
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw WalletFailure("cannot reach the node at \(base): \(error.localizedDescription)")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else {
            let body = (try? JSONDecoder().decode(APIErrorBody.self, from: data))
                ?? APIErrorBody(code: "unknown", message: String(decoding: data, as: UTF8.self))
            throw Refusal(status: status, body: body)
        }
        do {
            return try JSONDecoder().decode(Answer.self, from: data)
        } catch {
            throw WalletFailure("the node's answer to \(request.url?.path ?? "?") is not the documented \(Answer.self): \(error)")
        }
    }
}
