import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A small JSON client for the node's REST API, as the wallet uses it.
struct NodeClient {
    let base: URL

    /// An answer that is not 2xx, with the node's error code and message.
    struct Refusal: Error, CustomStringConvertible {
        let status: Int
        let code: String
        let message: String
        var description: String { "the node refused (\(status) \(code)): \(message)" }
    }

    init(_ url: String) throws {
        guard let base = URL(string: url), base.scheme == "http" || base.scheme == "https" else {
            throw CommandFailure("--node must be an http(s) URL, got \(url)")
        }
        self.base = base
    }

    func get(_ path: String) async throws -> [String: Any] {
        try await send(URLRequest(url: base.appendingPathComponent(path)))
    }

    func post(_ path: String, _ body: Data) async throws -> [String: Any] {
        var request = URLRequest(url: base.appendingPathComponent(path))
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        return try await send(request)
    }

    private func send(_ request: URLRequest) async throws -> [String: Any] {
        let data: Data, response: URLResponse
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw CommandFailure("cannot reach the node at \(base): \(error.localizedDescription)")
        }
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else {
            let error = object["error"] as? [String: Any]
            throw Refusal(status: status, code: error?["code"] as? String ?? "unknown", message: error?["message"] as? String ?? String(decoding: data, as: UTF8.self))
        }
        return object
    }
}
