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
        let transaction = try await request.decode(as: SubmittedTransaction.self, context: context).decoded()
        let (signer, signature, message): (AccountID, EdDSASignature?, () -> Algebra.Fr)
        switch transaction {
        case .transfer(let transfer): (signer, signature, message) = (transfer.from, transfer.signature, { transfer.signedMessage })
        case .exit(let exit): (signer, signature, message) = (exit.account, exit.signature, { exit.signedMessage })
        default: throw APIError.badRequest("only transfers and exits are submitted here")
        }
        guard let signature else { throw APIError(TransactionRejection.missingSignature) }
        guard let account = await node.keeper.projectedAccount(signer) else { throw APIError(TransactionRejection.unknownAccount(signer)) }
        guard EdDSAVerifier.verify(message(), signature: signature, key: account.publicKey) else { throw APIError(TransactionRejection.badSignature) }
        let receipt = try await node.accept(transaction, signatureVerified: true)
        return EditedResponse(status: .accepted, response: AcceptedView(hash: receipt.hash, status: "pending", accountId: nil))
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> TransactionView {
        let hash = try context.parameters.require("hash")
        guard let stored = try node.store.transaction(hash: hash.lowercased()) else { throw APIError.notFound("no transaction \(hash)") }
        return TransactionView(stored)
    }
}

extension AcceptedView: ResponseEncodable {}
extension TransactionView: ResponseEncodable {}
