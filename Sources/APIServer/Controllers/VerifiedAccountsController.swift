import APIContract
import BlockVerification
import Committer
import Hummingbird
import RollupTypes
import Support

/// A follower's GET /v1/accounts/{id}, /v1/accounts/by-key/{key} and
/// /v1/accounts/{id}/exit-proof, answered from its verified tree. A
/// follower knows only the verified state, so an account's committed,
/// verified and pending states are all that one.
struct VerifiedAccountsController<Context: RequestContext> {
    let tree: VerifiedState

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("by-key/:key", use: byKey)
        group.get(":id", use: show)
        group.get(":id/exit-proof", use: exitProof)
    }

    @Sendable func exitProof(_ request: Request, context: Context) async throws -> ExitProofView {
        ExitProofView(try AccountsController<Context>.witness(try AccountsController<Context>.id(context), in: tree))
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> AccountView {
        try view(try AccountsController<Context>.id(context))
    }

    @Sendable func byKey(_ request: Request, context: Context) async throws -> AccountView {
        let key = try AccountsController<Context>.key(context)
        guard let id = try tree.firstAccount(withKey: key) else { throw APIError.notFound("no verified account has key 0x\(key.packed.hexString)") }
        return try view(id)
    }

    func view(_ id: AccountID) throws -> AccountView {
        guard let account = try tree.account(id) else { throw APIError.notFound("account \(id) is not in the verified state") }
        let state = AccountView.State(account)
        return AccountView(id: Int(id.value), publicKey: "0x" + account.publicKey.packed.hexString, committed: state, verified: state, pending: state)
    }
}
