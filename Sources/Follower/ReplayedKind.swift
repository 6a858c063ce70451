import RollupTypes

/// A transaction kind as a follower replays it: from its pubdata slot
/// alone, without signatures or nonces, which the block's proof vouches
/// for. The kind names its replay in its own file here
/// (`extension Transfer: ReplayedKind`), so the follower finds it through
/// ``TransactionKinds``, as the state keeper finds its handler.
protocol ReplayedKind: TransactionKind {
    /// The account writes and fee of one slot whose tag was read, the
    /// rest of its fields in `slot`, on `state`; the rules are the
    /// circuit's (docs/PROTOCOL.md, "Block circuits").
    static func replay(_ slot: inout ByteReader, on state: ReplayState) throws(ReplayFailure) -> (writes: [(AccountID, Account)], fee: UInt128)
}

/// The accounts a block's replay reads: the verified state with the
/// block's earlier writes over it.
struct ReplayState {
    let verified: (AccountID) -> Account?
    var written: [AccountID: Account] = [:]

    func account(_ id: AccountID) -> Account? { written[id] ?? verified(id) }

    /// The account at `id`, which must exist.
    func existing(_ id: AccountID) throws(ReplayFailure) -> Account {
        guard let account = account(id) else { throw .unknownAccount(id) }
        return account
    }

    /// balance − (amount + fee) of `id`.
    func debit(_ id: AccountID, _ account: Account, amount: UInt128, fee: UInt128) throws(ReplayFailure) -> UInt128 {
        let (needed, overflow) = amount.addingReportingOverflow(fee)
        guard !overflow, account.balance >= needed else { throw .overdraft(id) }
        return account.balance - needed
    }

    /// balance + amount of `id`.
    func credit(_ id: AccountID, _ account: Account, amount: UInt128) throws(ReplayFailure) -> UInt128 {
        let (sum, overflow) = account.balance.addingReportingOverflow(amount)
        guard !overflow else { throw .balanceOverflow(id) }
        return sum
    }

    /// The next nonce of `id`.
    func nextNonce(_ id: AccountID, _ account: Account) throws(ReplayFailure) -> UInt32 {
        guard account.nonce < .max else { throw .nonceExhausted(id) }
        return account.nonce + 1
    }
}

/// Why a pubdata slot cannot be replayed: what it publishes breaks a rule
/// that the circuit enforces, so no valid proof can cover it.
public enum ReplayFailure: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownTag(UInt8)
    case wrongKind(String)
    case nonZeroPadding
    case invalidField(String)
    case unknownAccount(AccountID)
    case overdraft(AccountID)
    case balanceOverflow(AccountID)
    case nonceExhausted(AccountID)
    case keyMismatch(AccountID)
    case zeroAmount
    case selfTransfer

    public var description: String {
        switch self {
        case .unknownTag(let tag): return "tag \(tag) is no transaction kind"
        case .wrongKind(let name): return "a \(name) cannot be in this block type"
        case .nonZeroPadding: return "a padding slot (tag 0) has non-zero bytes"
        case .invalidField(let detail): return "a field is invalid: \(detail)"
        case .unknownAccount(let id): return "account \(id) does not exist"
        case .overdraft(let id): return "account \(id) pays more than its balance"
        case .balanceOverflow(let id): return "account \(id)'s balance would pass 2^128 − 1"
        case .nonceExhausted(let id): return "account \(id)'s nonce is exhausted"
        case .keyMismatch(let id): return "the deposit's key is not account \(id)'s"
        case .zeroAmount: return "the amount is 0"
        case .selfTransfer: return "a transfer to its own sender"
        }
    }
}

extension ReplayFailure {
    /// `body`'s value, a decoding error reported as an invalid field.
    static func field<T>(_ body: () throws -> T) throws(ReplayFailure) -> T {
        do { return try body() } catch { throw .invalidField("\(error)") }
    }
}
