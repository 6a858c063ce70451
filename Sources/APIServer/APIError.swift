import APIContract
import Foundation
import Hummingbird
import RollupTypes
import StateKeeper
import Storage

/// Every error the API answers with: an HTTP status and the JSON body
/// {"error": {"code": "...", "message": "..."}}. Handlers throw these; the
/// error middleware turns anything else into one.
public struct APIError: HTTPResponseError, Equatable {
    public let status: HTTPResponse.Status
    /// A stable, machine-readable code (snake case).
    public let code: String
    /// What happened and what to do, for a person.
    public let message: String

    /// Seconds after which a retry may succeed, sent as `Retry-After`.
    public let retryAfter: Int?

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String, retryAfter: Int? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = try JSONEncoder().encode(self.body)
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// The body clients read.
    public var body: APIErrorBody { APIErrorBody(code: code, message: message) }

    static func badRequest(_ message: String) -> APIError { APIError(.badRequest, "bad_request", message) }
    static func notFound(_ message: String) -> APIError { APIError(.notFound, "not_found", message) }

    /// A transaction field that does not hold: 400, or 422 `not_packable`
    /// for an amount or fee that the packed format cannot hold.
    init(_ error: TransactionFieldError) {
        switch error {
        case .invalid: self = .badRequest(error.description)
        case .notPackable: self.init(.unprocessableContent, "not_packable", error.description)
        }
    }

    /// The status and code of a state keeper's refusal.
    init(_ rejection: TransactionRejection) {
        switch rejection {
        case .duplicate: self.init(.conflict, "duplicate", rejection.description)
        case .tooManyPending: self.init(.tooManyRequests, "too_many_pending", rejection.description)
        case .backlogFull: self.init(.serviceUnavailable, "backlog_full", rejection.description)
        case .feeTooLow: self.init(.unprocessableContent, "fee_too_low", rejection.description)
        case .unavailable: self.init(.serviceUnavailable, "unavailable", rejection.description)
        case .unknownAccount: self.init(.notFound, "unknown_account", rejection.description)
        case .missingSignature: self.init(.unauthorized, "missing_signature", rejection.description)
        case .badSignature: self.init(.unprocessableContent, "bad_signature", rejection.description)
        case .missingBridgeSignature: self.init(.unauthorized, "missing_bridge_signature", rejection.description)
        case .badBridgeSignature: self.init(.unauthorized, "bad_bridge_signature", rejection.description)
        case .duplicateDeposit: self.init(.conflict, "duplicate_deposit", rejection.description)
        case .nonceMismatch: self.init(.unprocessableContent, "bad_nonce", rejection.description)
        case .nonceExhausted: self.init(.unprocessableContent, "nonce_exhausted", rejection.description)
        case .insufficientBalance: self.init(.unprocessableContent, "insufficient_balance", rejection.description)
        case .balanceOverflow: self.init(.unprocessableContent, "balance_overflow", rejection.description)
        case .selfTransfer: self.init(.unprocessableContent, "self_transfer", rejection.description)
        case .zeroAmount: self.init(.unprocessableContent, "zero_amount", rejection.description)
        case .publicKeyMismatch: self.init(.unprocessableContent, "public_key_mismatch", rejection.description)
        case .treeFull: self.init(.serviceUnavailable, "tree_full", rejection.description)
        }
    }
}

/// Turns every error a handler throws into an ``APIError`` response: body
/// size limits (413), malformed JSON (400), storage failures (503), and
/// anything unexpected (500), always with the JSON error body.
struct APIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let error as any HTTPResponseError {
            let detail = (error as? HTTPError)?.body
            switch error.status {
            case .contentTooLarge: throw APIError(.contentTooLarge, "body_too_large", "the request body exceeds the node's limit of \(HTTPLimits.maxBodySize / 1024) KiB")
            case .notFound: throw APIError.notFound("no such endpoint: \(request.method) \(request.uri.path)")
            case .badRequest: throw APIError.badRequest(detail ?? "the request is malformed")
            default: throw APIError(error.status, "http_error", detail ?? "\(error.status)")
            }
        } catch let error as TransactionFieldError {
            throw APIError(error)
        } catch is DecodingError {
            throw APIError.badRequest("the body is not the JSON this endpoint takes: \(String(describing: request.uri.path)) (see /openapi.json)")
        } catch let error as StorageError {
            throw APIError(.serviceUnavailable, "storage", error.description)
        } catch let error as any DatabaseFailure {
            throw APIError(.serviceUnavailable, "storage", error.description)
        } catch {
            throw APIError(.internalServerError, "internal", "the node failed unexpectedly (\(error)); nothing was changed")
        }
    }
}
