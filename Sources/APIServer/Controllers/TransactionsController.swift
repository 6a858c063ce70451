import APIContract
import Algebra
import Hummingbird
import Primitives
import RollupTypes
import StateKeeper

/// POST /v1/transactions and GET /v1/transactions/{hash}.
struct TransactionsController<Context: RequestContext> {
    let node: NodeContext

    func addRoutes(to group: RouterGroup<Context>) {
        group.post(use: submit)
        group.get(":hash", use: show)
    }

    /// Checks encoding and signature here (in parallel with other requests),
    /// then nonce and balance in the state keeper; 202 once stored.
    @Sendable func submit(_ request: Request, context: Context) async throws -> EditedResponse<AcceptedView> {
        let transaction = try await request.decode(as: SubmittedTransaction.self, context: context).transaction
        // SubmittedTransaction holds only kinds their owner signs, which name their account.
        guard let kind = transaction.kind, let signer = kind.primaryAccount else { throw APIError.badRequest("only signed transactions are submitted here") }
        guard kind.isSigned else { throw APIError(TransactionRejection.missingSignature) }
        guard let account = await node.keeper.projectedAccount(signer) else { throw APIError(TransactionRejection.unknownAccount(signer)) }
        guard kind.isAuthorized(owner: account, in: node.domain) else { throw APIError(TransactionRejection.badSignature) }
        let receipt = try await node.accept(transaction, signatureVerified: true)
        return EditedResponse(status: .accepted, response: AcceptedView(hash: receipt.hash, status: "pending", accountId: nil))
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> TransactionView {
        let hash = try context.parameters.require("hash")
        guard let stored = try node.store.transaction(hash: hash.lowercased()) else { throw APIError.notFound("no transaction \(hash)") }
        return TransactionView(stored)
    }
}
