import Primitives
import RollupTypes

/// A deposit's slot: account(3) ‖ amount(16) ‖ packed public key(32), and
/// its authority: the bridge's sequence(8) ‖ signature(64). An empty slot
/// becomes a new account with the key (its terms said "new account"); an
/// existing account must have the key (its terms named it), and is
/// credited. The bridge's signature must sign those terms on this chain,
/// and the sequence must be unspent.
extension Deposit: ReplayedKind {
    public static func replay(_ slot: inout ByteReader, authority: [UInt8], on state: ReplayState) throws(ReplayFailure) -> SlotEffects {
        let published = try Self.published(&slot, authority: authority)
        let id = published.account
        guard published.amount > 0 else { throw .zeroAmount }
        guard id != .newAccount else { throw .reservedAccount }
        let existing = state.account(id)
        let deposit = published.deposit(naming: existing == nil ? nil : id)
        guard deposit.isAuthorized(owner: nil, in: state.domain) else { throw .badBridgeSignature(sequence: deposit.bridgeSequence) }
        guard !state.spent(deposit.bridgeSequence) else { throw .sequenceSpent(deposit.bridgeSequence) }
        guard let account = existing else {
            return SlotEffects(writes: [(id, Account(publicKey: deposit.publicKey, balance: deposit.amount))], spentSequence: deposit.bridgeSequence)
        }
        guard account.publicKey == deposit.publicKey else { throw .keyMismatch(id) }
        let credited = try state.applying(id) { () throws(AccountRuleBreach) in try account.credited(deposit.amount) }
        return SlotEffects(writes: [(id, credited)], spentSequence: deposit.bridgeSequence)
    }

    /// The sequence, and with `domain` the bridge's signature of the slot's
    /// terms: whether they named the account or asked for a new one is the
    /// state's to say, so either is taken.
    public static func publishedSequence(_ slot: inout ByteReader, authority: [UInt8], domain: SigningDomain?) throws(ReplayFailure) -> UInt64? {
        let published = try Self.published(&slot, authority: authority)
        if let domain, !published.deposit(naming: published.account).isAuthorized(owner: nil, in: domain),
           !published.deposit(naming: nil).isAuthorized(owner: nil, in: domain) {
            throw .badBridgeSignature(sequence: published.sequence)
        }
        return published.sequence
    }

    /// A slot's fields and authority as published.
    private struct Published {
        let account: AccountID
        let amount: UInt128
        let key: EdDSAPublicKey
        let sequence: UInt64
        let signature: [UInt8]

        /// The deposit the bridge signed, had its terms named `account` (nil: a new account).
        func deposit(naming account: AccountID?) -> Deposit {
            Deposit(account: account, publicKey: key, amount: amount, bridgeSequence: sequence, bridgeSignature: signature)
        }
    }

    private static func published(_ slot: inout ByteReader, authority: [UInt8]) throws(ReplayFailure) -> Published {
        let id = try ReplayFailure.field { try slot.accountID() }
        let amount = slot.integer(16)
        let packed = slot.bytes(32)
        let key = try ReplayFailure.field { try EdDSAPublicKey(packed: packed) }
        var reader = ByteReader(authority)
        return Published(account: id, amount: amount, key: key, sequence: UInt64(reader.integer(8)), signature: reader.bytes(64))
    }
}
