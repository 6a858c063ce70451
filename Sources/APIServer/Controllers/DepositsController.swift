import APIContract
import Hummingbird
import Primitives
import RollupTypes
import StateKeeper
import Support

/// POST /v1/deposits: deposits relayed by the bridge, which signs each, in
/// the request form of ``DepositRequest``. An alias: POST /v1/transactions
/// takes the same deposit in its JSON form (`"type": "deposit"`).
struct DepositsController<Context: RequestContext> {
    let node: NodeContext

    func addRoutes(to group: RouterGroup<Context>) {
        group.post(use: submit)
    }

    /// 401 without a valid bridge signature for this chain, 409 for a
    /// bridge sequence already spent; 202 with the account the deposit goes to.
    @Sendable func submit(_ request: Request, context: Context) async throws -> EditedResponse<AcceptedView> {
        let body = try await request.decode(as: DepositRequest.self, context: context)
        var deposit = try body.terms()
        if let text = body.signature {
            guard let signature = [UInt8](prefixedHex: text), signature.count == 64 else {
                throw APIError(TransactionFieldError.invalid(field: "signature", reason: "must be a 64-byte Ed25519 signature as 0x-hex"))
            }
            deposit.bridgeSignature = signature
        }
        return try await Submission(node: node).accept(.deposit(deposit))
    }
}
