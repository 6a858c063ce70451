/// The balance and nonce rules every transaction kind applies to an
/// account, written once: the state keeper's handlers refuse a
/// transaction by them, and a replay of published data (the follower's and
/// the committer's) refuses a slot by them, each naming the breach in its
/// own terms. They are the circuits' rules (docs/PROTOCOL.md, "Block
/// circuits"): balances stay below 2^128 and nonces below 2^32.
public enum AccountRuleBreach: Error, Equatable, Sendable {
    /// The balance is below amount + fee (`needed` is 2^128 − 1 when that sum overflows).
    case insufficientBalance(needed: UInt128, available: UInt128)
    /// The balance would pass 2^128 − 1.
    case balanceOverflow
    /// The nonce is 2^32 − 1 and cannot move on.
    case nonceExhausted
}

extension Account {
    /// The account after paying `amount` and `fee`.
    public func debited(amount: UInt128, fee: UInt128) throws(AccountRuleBreach) -> Account {
        let (needed, overflow) = amount.addingReportingOverflow(fee)
        guard !overflow, balance >= needed else { throw .insufficientBalance(needed: overflow ? .max : needed, available: balance) }
        var account = self
        account.balance -= needed
        return account
    }

    /// The account after being credited `amount`.
    public func credited(_ amount: UInt128) throws(AccountRuleBreach) -> Account {
        let (sum, overflow) = balance.addingReportingOverflow(amount)
        guard !overflow else { throw .balanceOverflow }
        var account = self
        account.balance = sum
        return account
    }

    /// The account with its nonce moved on by one, as a signed kind does.
    public func withNextNonce() throws(AccountRuleBreach) -> Account {
        guard nonce < .max else { throw .nonceExhausted }
        var account = self
        account.nonce += 1
        return account
    }
}
