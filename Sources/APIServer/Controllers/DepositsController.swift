import APIContract
import Hummingbird
import Primitives
import RollupTypes

/// POST /v1/deposits: deposits relayed by the bridge, which signs each.
struct DepositsController<Context: RequestContext> {
    let node: NodeContext

    func addRoutes(to group: RouterGroup<Context>) {
        group.post(use: submit)
    }

    /// 401 without a valid bridge signature; 202 with the account the deposit goes to.
    @Sendable func submit(_ request: Request, context: Context) async throws -> EditedResponse<AcceptedView> {
        let body = try await request.decode(as: DepositRequest.self, context: context)
        let deposit = try body.deposit()
        guard let text = body.signature else {
            throw APIError(.unauthorized, "missing_bridge_signature", "a deposit needs the bridge's Ed25519 signature over its encoding")
        }
        guard let signature = [UInt8](hex: text),
              Ed25519.verify(signature, message: deposit.idPreimage, publicKey: node.bridgePublicKey)
        else {
            throw APIError(.unauthorized, "bad_bridge_signature", "the signature is not the node's bridge key's signature of this deposit")
        }
        let receipt = try await node.accept(.deposit(deposit), signatureVerified: true)
        let account = receipt.account ?? deposit.account
        return EditedResponse(status: .accepted, response: AcceptedView(hash: receipt.hash, status: "pending", accountId: account.map { Int($0.value) }))
    }
}
