import APIContract
import BlockVerification
import Algebra
import Committer
import Hummingbird
import Primitives
import RollupTypes
import Support

/// GET /v1/accounts/{id}, /v1/accounts/by-key/{key}, /v1/accounts/{id}/transactions,
/// /v1/accounts/{id}/exit-proof.
struct AccountsController<Context: RequestContext> {
    let node: NodeContext

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("by-key/:key", use: byKey)
        group.get(":id", use: show)
        group.get(":id/transactions", use: transactions)
        group.get(":id/exit-proof", use: exitProof)
    }

    /// The account's leaf and path under the last verified root; 404 when
    /// the verified state has no such account yet.
    @Sendable func exitProof(_ request: Request, context: Context) async throws -> ExitProofView {
        let id = try Self.id(context)
        return ExitProofView(try Self.witness(id, in: node.committer.verifiedState))
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> AccountView {
        try await view(try Self.id(context))
    }

    @Sendable func byKey(_ request: Request, context: Context) async throws -> AccountView {
        let key = try Self.key(context)
        guard let id = node.keeper.firstAccount(withKey: key) else {
            throw APIError.notFound("no account has key 0x\(key.packed.hexString)")
        }
        return try await view(id)
    }

    /// One page, newest first: ?limit= (1 … 100, default 20) and ?before= (the `next` of the previous page).
    @Sendable func transactions(_ request: Request, context: Context) async throws -> TransactionPage {
        let id = try Self.id(context)
        let limit = try Self.integer(request.uri.queryParameters["limit"], "limit", default: 20, range: 1...100)
        let before = try request.uri.queryParameters["before"].map { text -> Int64 in
            guard let value = CanonicalDecimal.parse(text, as: UInt64.self).flatMap({ Int64(exactly: $0) }), value > 0 else {
                throw APIError.badRequest("before must be a positive integer, in decimal digits with no sign or leading zeros")
            }
            return value
        }
        let page = try node.store.transactions(account: id, before: before, limit: limit)
        return TransactionPage(transactions: page.map(TransactionView.init), next: page.count == limit ? page.last?.sequence : nil)
    }

    func view(_ id: AccountID) async throws -> AccountView {
        guard let pending = await node.keeper.projectedAccount(id) else { throw APIError.notFound("account \(id) does not exist") }
        let committed = await node.keeper.sealedAccount(id)
        let verified = try node.store.verifiedAccount(id)
        return AccountView(
            id: Int(id.value), publicKey: "0x" + pending.publicKey.packed.hexString, committed: committed.map(AccountView.State.init),
            verified: verified.map(AccountView.State.init), pending: AccountView.State(pending))
    }

    /// `id`'s place in the verified state, or 404.
    static func witness(_ id: AccountID, in tree: VerifiedState) throws -> VerifiedState.Witness {
        guard let witness = try tree.witness(id) else {
            throw APIError.notFound("account \(id) is not in the verified state (yet): an exit proof needs a verified block that holds it")
        }
        return witness
    }

    /// A public key in a path: iden3-packed, 0x-hex.
    static func key(_ context: Context) throws -> EdDSAPublicKey {
        let text = try context.parameters.require("key")
        guard let bytes = [UInt8](hex: text), let key = try? EdDSAPublicKey(packed: bytes) else {
            throw APIError.badRequest("the key must be a 32-byte iden3-packed public key as 0x-hex")
        }
        return key
    }

    static func id(_ context: Context) throws -> AccountID {
        let text = try context.parameters.require("id")
        guard let value = CanonicalDecimal.parse(text, as: UInt32.self), let id = try? AccountID(Int(value)) else {
            throw APIError.badRequest("\(text) is not an account id (0 … 2^24 − 1, in decimal digits with no sign or leading zeros)")
        }
        return id
    }

    static func integer(_ text: Substring?, _ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text else { return value }
        guard let parsed = CanonicalDecimal.parse(text, as: UInt64.self).flatMap({ Int(exactly: $0) }), range.contains(parsed) else {
            throw APIError.badRequest("\(name) must be \(range.lowerBound) … \(range.upperBound), in decimal digits with no sign or leading zeros")
        }
        return parsed
    }
}

