import RollupTypes

/// Why a transaction was refused. Every case says what the sender can do.
public enum TransactionRejection: Error, Equatable, Sendable, CustomStringConvertible {
    case missingSignature
    case badSignature
    case missingBridgeSignature
    case badBridgeSignature
    /// A deposit whose bridge sequence was already spent on this chain.
    case duplicateDeposit(sequence: UInt64)
    case unknownAccount(AccountID)
    case nonceMismatch(expected: UInt32, got: UInt32)
    case nonceExhausted
    case insufficientBalance(needed: UInt128, available: UInt128)
    case selfTransfer
    case zeroAmount
    case balanceOverflow(AccountID)
    case publicKeyMismatch(AccountID)
    case treeFull
    /// The same transaction was already accepted.
    case duplicate
    /// The account already has `limit` transactions pending.
    case tooManyPending(AccountID, limit: Int)
    /// `blocks` blocks are unverified, at or past the cap `limit` (``AdmissionRule``).
    case backlogFull(blocks: Int, limit: Int)
    /// The fee is below the base fee (``AdmissionRule``).
    case feeTooLow(FeeShortfall)
    /// The node cannot accept transactions now (storage failed, or it is stopping).
    case unavailable(String)

    public var description: String {
        switch self {
        case .missingSignature: return "the transaction is not signed"
        case .badSignature: return "the signature does not verify under the account's public key for this exact transaction on this chain (sign it with the chain id of GET /v1/chain)"
        case .missingBridgeSignature: return "a deposit needs the bridge's Ed25519 signature over the chain id and its terms"
        case .badBridgeSignature: return "the signature is not the chain's bridge key's signature of this deposit on this chain"
        case .duplicateDeposit(let sequence): return "bridge sequence \(sequence) was already used on this chain: each L1 deposit is credited once"
        case .unknownAccount(let id): return "account \(id) does not exist"
        case .nonceMismatch(let expected, let got): return "nonce \(got) is wrong: the account's next nonce is \(expected)"
        case .nonceExhausted: return "the account has used all 2^32 nonces: it can still receive, but can no longer send or exit"
        case .insufficientBalance(let needed, let available):
            return "the account holds \(available), but amount plus fee is \(needed)"
        case .selfTransfer: return "a transfer must go to another account"
        case .zeroAmount: return "the amount must be above 0"
        case .balanceOverflow(let id): return "account \(id)'s balance would exceed 2^128 − 1"
        case .publicKeyMismatch(let id): return "the deposit's public key is not account \(id)'s key"
        case .treeFull: return "the account tree is full"
        case .duplicate: return "this exact transaction was already accepted"
        case .tooManyPending(let id, let limit):
            return "account \(id) already has \(limit) transactions pending, the most one account may have; send this one once some are sealed"
        case .backlogFull(let blocks, let limit):
            return "\(blocks) blocks wait to be sealed or verified, the most this node takes (--max-backlog \(limit))"
        case .feeTooLow(let shortfall): return shortfall.description
        case .unavailable(let reason): return "the node cannot accept transactions now: \(reason)"
        }
    }
}
