import RollupTypes

/// A transaction kind as its published data replays it: its pubdata slot,
/// and its slot of the block's published authority. Owner-signed kinds
/// publish no authority: their signatures and nonces are the proof's to
/// vouch for. The kind names its replay in its own file here
/// (`extension Transfer: ReplayedKind`), so that the follower and the
/// committer find it through ``TransactionKinds``, as the state keeper
/// finds its handler.
public protocol ReplayedKind: TransactionKind {
    /// The effects of one slot whose tag was read, the rest of its fields
    /// in `slot`, its published authority in `authority`, on `state`; the
    /// rules are the circuit's (docs/PROTOCOL.md, "Block circuits"), and
    /// for bridge kinds the bridge's signature and sequence besides.
    static func replay(_ slot: inout ByteReader, authority: [UInt8], on state: ReplayState) throws(ReplayFailure) -> SlotEffects

    /// The bridge sequence a slot of this kind spends, read from its fields
    /// in `slot` and its published authority alone, without the state; when
    /// `domain` is given, the authority must also sign the slot's terms on
    /// that chain. Kinds that spend no sequence answer nil (the default).
    static func publishedSequence(_ slot: inout ByteReader, authority: [UInt8], domain: SigningDomain?) throws(ReplayFailure) -> UInt64?
}

extension ReplayedKind {
    public static func publishedSequence(_ slot: inout ByteReader, authority: [UInt8], domain: SigningDomain?) throws(ReplayFailure) -> UInt64? { nil }
}

/// What one slot does: its account writes in order, its fee, and the
/// bridge sequence it spends, if any.
public struct SlotEffects {
    public var writes: [(AccountID, Account)]
    public var fee: UInt128
    public var spentSequence: UInt64?

    public init(writes: [(AccountID, Account)], fee: UInt128 = 0, spentSequence: UInt64? = nil) {
        self.writes = writes
        self.fee = fee
        self.spentSequence = spentSequence
    }
}

/// The state a block's replay reads: the verified state with the block's
/// earlier writes and spent sequences over it, and what signatures are
/// checked against.
public struct ReplayState {
    let verified: (AccountID) -> Account?
    let isSpent: (UInt64) -> Bool
    public let domain: SigningDomain
    var written: [AccountID: Account] = [:]
    var spentInBlock = Set<UInt64>()

    public func account(_ id: AccountID) -> Account? { written[id] ?? verified(id) }

    /// Whether `sequence` was spent before this slot, by an earlier block or an earlier slot.
    public func spent(_ sequence: UInt64) -> Bool { spentInBlock.contains(sequence) || isSpent(sequence) }

    /// The account at `id`, which must exist.
    public func existing(_ id: AccountID) throws(ReplayFailure) -> Account {
        guard let account = account(id) else { throw .unknownAccount(id) }
        return account
    }

    /// `rule` (``AccountRuleBreach``) applied to account `id`, its breach
    /// as the slot's failure.
    public func applying(_ id: AccountID, _ rule: () throws(AccountRuleBreach) -> Account) throws(ReplayFailure) -> Account {
        do {
            return try rule()
        } catch {
            switch error {
            case .insufficientBalance: throw .overdraft(id)
            case .balanceOverflow: throw .balanceOverflow(id)
            case .nonceExhausted: throw .nonceExhausted(id)
            }
        }
    }
}

/// Why a slot cannot be replayed: what it publishes breaks a rule that the
/// circuit enforces, so no valid proof can cover it, or its published
/// authority does not vouch for it.
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
    /// A deposit to 2^24 − 1, the id that means "a new account".
    case reservedAccount
    /// The bridge's signature does not sign this deposit on this chain.
    case badBridgeSignature(sequence: UInt64)
    /// The deposit's bridge sequence was spent before.
    case sequenceSpent(UInt64)

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
        case .reservedAccount: return "a deposit to account 2^24 − 1, which stands for \"a new account\" and is never assigned"
        case .badBridgeSignature(let sequence): return "the bridge's signature of deposit sequence \(sequence) does not verify under the chain's bridge key"
        case .sequenceSpent(let sequence): return "bridge sequence \(sequence) was already spent"
        }
    }
}

extension ReplayFailure {
    /// `body`'s value, a decoding error reported as an invalid field.
    public static func field<T>(_ body: () throws -> T) throws(ReplayFailure) -> T {
        do { return try body() } catch { throw .invalidField("\(error)") }
    }
}
