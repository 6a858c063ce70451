import Algebra
import RollupTypes

/// A block's published data replayed over the verified state: each slot's
/// pubdata and published authority by its kind's ``ReplayedKind`` rules,
/// padding checked to be zero, and the fees credited to the fee account
/// after the last slot when the kind pays fees. The follower and the
/// node's committer both replay blocks through it.
public struct PubdataReplay: Sendable {
    /// The account writes, in order (a later write of an account wins).
    public let writes: [(AccountID, Account)]
    /// The sum of the slots' fees.
    public let totalFee: UInt128
    /// The bridge sequences the block spends, in slot order.
    public let spentSequences: [UInt64]

    /// Replays `pubdata` and `authority` of a block of `type` with `slots`
    /// slots, reading accounts through `verified`, asking `isSpent` whether
    /// an earlier block spent a bridge sequence, and checking the bridge's
    /// signatures in `domain`. The lengths must have been checked. Throws
    /// the failing slot and why.
    public init(
        type: BlockType, pubdata: [UInt8], authority: [UInt8], slots: Int, domain: SigningDomain,
        verified: @escaping (AccountID) -> Account?, isSpent: @escaping (UInt64) -> Bool
    ) throws(SlotFailure) {
        let kind = TransactionKinds.kind(of: type)
        guard let replayed = kind as? any ReplayedKind.Type else {
            preconditionFailure("the \(kind.name) kind has no replay: declare `extension Kind: ReplayedKind` in BlockVerification/Replay/Kinds")
        }
        var state = ReplayState(verified: verified, isSpent: isSpent, domain: domain)
        var writes = [(AccountID, Account)]()
        var spent = [UInt64]()
        var totalFee: UInt128 = 0
        for slot in 0..<slots {
            let bytes = Array(pubdata[(slot * kind.pubdataBytes)..<((slot + 1) * kind.pubdataBytes)])
            let published = Array(authority[(slot * kind.authorityBytes)..<((slot + 1) * kind.authorityBytes)])
            do {
                let effects = try Self.replay(slot: bytes, authority: published, kind: replayed, on: state)
                for (id, account) in effects.writes { state.written[id] = account }
                if let sequence = effects.spentSequence {
                    state.spentInBlock.insert(sequence)
                    spent.append(sequence)
                }
                writes += effects.writes
                totalFee += effects.fee
            } catch {
                throw SlotFailure(slot: slot, failure: error)
            }
        }
        if kind.paysFees {
            do {
                let fees = try state.existing(.feeAccount)
                writes.append((.feeAccount, try state.applying(.feeAccount) { () throws(AccountRuleBreach) in try fees.credited(totalFee) }))
            } catch {
                throw SlotFailure(slot: slots, failure: error)
            }
        }
        self.writes = writes
        self.totalFee = totalFee
        spentSequences = spent
    }

    /// One slot: padding (all zero, its authority too) or a transaction of `kind`.
    private static func replay(slot bytes: [UInt8], authority: [UInt8], kind: any ReplayedKind.Type, on state: ReplayState) throws(ReplayFailure) -> SlotEffects {
        guard var reader = try fields(of: bytes, authority: authority, kind: kind) else { return SlotEffects(writes: []) }
        return try kind.replay(&reader, authority: authority, on: state)
    }

    /// The fields after the tag of a slot of `kind`, or nil for padding
    /// (all zero, its authority too).
    private static func fields(of bytes: [UInt8], authority: [UInt8], kind: any ReplayedKind.Type) throws(ReplayFailure) -> ByteReader? {
        let tag = TransactionTag(rawValue: bytes[0])
        if tag == .noop {
            guard bytes.allSatisfy({ $0 == 0 }), authority.allSatisfy({ $0 == 0 }) else { throw .nonZeroPadding }
            return nil
        }
        guard tag == kind.tag else {
            throw TransactionKinds.kind(tag: tag).map { .wrongKind($0.name) } ?? .unknownTag(tag.rawValue)
        }
        return ByteReader(Array(bytes.dropFirst()))
    }

    /// The bridge sequences a block's published authority spends, in slot
    /// order, read without the state (``VerifiedChainAudit``); with
    /// `domain`, each slot's authority must also sign its terms on that
    /// chain. Throws the failing slot (slot 0 when the lengths do not fit the slots).
    public static func publishedSequences(
        type: BlockType, pubdata: [UInt8], authority: [UInt8], slots: Int, domain: SigningDomain?
    ) throws(SlotFailure) -> [UInt64] {
        let kind = TransactionKinds.kind(of: type)
        guard let replayed = kind as? any ReplayedKind.Type, kind.authorityBytes > 0 else { return [] }
        guard pubdata.count == slots * kind.pubdataBytes, authority.count == slots * kind.authorityBytes else {
            throw SlotFailure(slot: 0, failure: .invalidField("the pubdata or published authority does not have the length of \(slots) slots"))
        }
        var sequences = [UInt64]()
        for slot in 0..<slots {
            let bytes = Array(pubdata[(slot * kind.pubdataBytes)..<((slot + 1) * kind.pubdataBytes)])
            let published = Array(authority[(slot * kind.authorityBytes)..<((slot + 1) * kind.authorityBytes)])
            do {
                guard var reader = try fields(of: bytes, authority: published, kind: replayed) else { continue }
                if let sequence = try replayed.publishedSequence(&reader, authority: published, domain: domain) { sequences.append(sequence) }
            } catch {
                throw SlotFailure(slot: slot, failure: error)
            }
        }
        return sequences
    }

    /// The slot that failed (the slot count: the fee credit after the last).
    public struct SlotFailure: Error, Equatable {
        public let slot: Int
        public let failure: ReplayFailure

        public init(slot: Int, failure: ReplayFailure) {
            self.slot = slot
            self.failure = failure
        }
    }
}
