import APIContract
import Hummingbird
import RollupTypes
import StateKeeper

/// What every submission route does with a decoded transaction of any
/// kind: checks that its authority vouched for it (the owner's signature
/// under the account's key, or the bridge's under the chain's bridge key;
/// in L1 mode no deposit is taken over HTTP), here, in parallel with other requests; then hands it to the state
/// keeper, which checks nonce, balance and fee; 202 once stored.
struct Submission {
    let node: NodeContext

    func accept(_ transaction: Transaction) async throws -> EditedResponse<AcceptedView> {
        guard let kind = transaction.kind else { throw APIError.badRequest("a no-op is padding, not a transaction") }
        switch type(of: kind).authority {
        case .owner:
            guard kind.isSigned else { throw APIError(TransactionRejection.missingSignature) }
            guard let signer = kind.primaryAccount else { throw APIError.badRequest("a \(type(of: kind).name) names the account that signs it") }
            guard let account = await node.keeper.projectedAccount(signer) else { throw APIError(TransactionRejection.unknownAccount(signer)) }
            guard kind.isAuthorized(owner: account, in: node.domain) else { throw APIError(TransactionRejection.badSignature) }
        case .bridge:
            // In L1 mode deposits come from the rollup contract alone (eth_watch):
            // L1 holds no funds for any other, and the contract would refuse its block.
            guard node.settlement == nil else {
                throw APIError(.forbidden, "deposits_through_l1", "this node credits only deposits paid to its rollup contract on L1 (GET /v1/chain, settlement): call the contract's deposit, as `rollup wallet deposit --l1` does")
            }
            guard kind.isSigned else { throw APIError(TransactionRejection.missingBridgeSignature) }
            guard kind.isAuthorized(owner: nil, in: node.domain) else { throw APIError(TransactionRejection.badBridgeSignature) }
        }
        let receipt = try await node.accept(transaction, signatureVerified: true)
        // A kind that may open an account names the one it went to.
        let account = type(of: kind).opensAccounts ? (receipt.account ?? kind.primaryAccount).map { Int($0.value) } : nil
        return EditedResponse(status: .accepted, response: AcceptedView(hash: receipt.hash, status: "pending", accountId: account))
    }
}
