import APIContract
import Algebra
import Hummingbird
import Primitives
import RollupTypes
import StateKeeper

/// POST /v1/transactions (any registered kind) and GET /v1/transactions/{hash}.
struct TransactionsController<Context: RequestContext> {
    let node: NodeContext

    func addRoutes(to group: RouterGroup<Context>) {
        group.post(use: submit)
        group.get(":hash", use: show)
    }

    /// Any registered kind, by its `type` (``Submission``).
    @Sendable func submit(_ request: Request, context: Context) async throws -> EditedResponse<AcceptedView> {
        let transaction = try await request.decode(as: SubmittedTransaction.self, context: context).transaction
        return try await Submission(node: node).accept(transaction)
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> TransactionView {
        let hash = try context.parameters.require("hash")
        guard let stored = try node.store.transaction(hash: hash.lowercased()) else { throw APIError.notFound("no transaction \(hash)") }
        return TransactionView(stored)
    }
}
