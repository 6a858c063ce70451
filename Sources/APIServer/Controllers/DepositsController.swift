import APIContract
import Hummingbird
import Primitives
import RollupTypes
import StateKeeper

/// POST /v1/deposits: deposits relayed by the bridge, which signs each.
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
        guard let text = body.signature else { throw APIError(TransactionRejection.missingBridgeSignature) }
        guard let signature = [UInt8](hex: text), signature.count == 64 else { throw APIError(TransactionRejection.badBridgeSignature) }
        deposit.bridgeSignature = signature
        guard deposit.isAuthorized(owner: nil, in: node.domain) else { throw APIError(TransactionRejection.badBridgeSignature) }
        let receipt = try await node.accept(.deposit(deposit), signatureVerified: true)
        let account = receipt.account ?? deposit.account
        return EditedResponse(status: .accepted, response: AcceptedView(hash: receipt.hash, status: "pending", accountId: account.map { Int($0.value) }))
    }
}
