import Algebra
import R1CS
import RollupTypes

/// What one slot adds to its block: the root after it, its pubdata bits
/// (most significant first, in the order the commitment hashes them) and
/// its fee.
public struct SlotOutput {
    public var root: LinearCombination
    public var pubdata: [LinearCombination]
    public var fee: LinearCombination

    public init(root: LinearCombination, pubdata: [LinearCombination], fee: LinearCombination) {
        self.root = root
        self.pubdata = pubdata
        self.fee = fee
    }
}

/// One transaction kind's block slot: its witness builder, the twin of the
/// kind's StateKeeper handler (it reads the writes the handler made), and
/// its constraints. Every slot may be padding; a padding slot's pubdata is
/// all zero and it leaves the root unchanged, whatever its witness.
///
/// Its kind's block type, tag and pubdata size come from the kind, and the
/// kind names its slot (``SlottedKind``), so the prover finds it through
/// ``TransactionKinds``.
public protocol BlockSlot: Sendable {
    /// The transactions this slot holds.
    associatedtype Kind: TransactionKind
    /// The witness of a sealed transaction from its recorded writes, or nil
    /// when they do not fit this slot type.
    init?(sealed transaction: Kind, updates: [AccountUpdate])
    /// A padding slot's witness.
    init(paddingForTreeDepth depth: Int)
    /// Synthesizes one slot on top of `root` (`slot` is nil in setup mode);
    /// `chain` is the block's chain id, which signed messages bind.
    static func synthesize<CS: ConstraintSystem>(
        _ slot: Self?, root: LinearCombination, chain: LinearCombination, treeDepth: Int, _ cs: inout CS, _ name: String
    ) throws -> SlotOutput
}

/// Building pubdata bits from decomposed values.
public enum PubdataBits {
    /// Little-endian bits as big-endian pubdata bits.
    public static func bigEndian(_ bits: [Variable]) -> [LinearCombination] { bits.reversed().map { LinearCombination($0) } }

    /// The tag byte: the tag's bits where the slot is real, else zero.
    public static func tag(_ tag: TransactionTag, real: Variable) -> [LinearCombination] {
        (0..<8).map { index in (tag.rawValue >> UInt8(7 - index)) & 1 == 1 ? LinearCombination(real) : .zero }
    }

    /// An account id's pubdata bits (24, big-endian) from its path bits: ids
    /// of a tree of depth d < 24 have their high bits 0.
    public static func accountID(_ pathBits: [Variable]) -> [LinearCombination] {
        [LinearCombination](repeating: .zero, count: AccountID.bits - pathBits.count) + bigEndian(pathBits)
    }

    /// A constant 0 or 1.
    public static func constant(_ bit: Bool) -> LinearCombination { bit ? LinearCombination(constant: .one) : .zero }
}

extension ConstraintSystem {
    /// A private witness constrained to `value`·inverse = `real`: when the slot
    /// is real, `value` is nonzero; when it is padding, 0 = 0. 1 constraint.
    public mutating func enforceNonzeroWhenReal(_ value: LinearCombination, real: Variable, _ name: String) throws {
        let inverse = try allocate("\(name) inverse", value: self.value(of: value).map { $0.inverse() ?? .zero })
        enforce("\(name) is nonzero", value, LinearCombination(inverse), LinearCombination(real))
    }

    /// Constrains `value` to 0 when the slot is padding. 1 constraint.
    public mutating func enforceZeroWhenPadding(_ value: LinearCombination, real: Variable, _ name: String) {
        enforce("\(name) is zero in padding", LinearCombination(constant: .one) - real, value, .zero)
    }
}
