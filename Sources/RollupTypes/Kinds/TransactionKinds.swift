/// The registry of transaction kinds: the one list that every part
/// iterates over (the state keeper's handlers, the circuits' slots, the
/// prover's circuits and keys, storage, the API and the wallet).
///
/// Adding a kind: a type conforming to ``TransactionKind`` in Kinds/ (with
/// its ``TransactionTag``, ``BlockType`` and production slots), and here its
/// entry, its case of ``Transaction`` and that case's value; then its
/// handler (StateKeeper) and slot (Circuits), which the tests of those
/// modules require of every kind listed. Storage takes its block type from
/// this list when a chain is made (`block_types`); no migration is needed
/// (README, "Adding a transaction kind").
public enum TransactionKinds {
    /// Every kind, in the order the node lists them (and their block types).
    public static let all: [any TransactionKind.Type] = [Transfer.self, Deposit.self, Exit.self]

    /// The kind with `tag`, if any (the no-op is no kind).
    public static func kind(tag: TransactionTag) -> (any TransactionKind.Type)? { all.first { $0.tag == tag } }

    /// The kind named `name` ("transfer"), if any.
    public static func kind(named name: String) -> (any TransactionKind.Type)? { all.first { $0.name == name } }

    /// The kind sealed in blocks of `type`.
    public static func kind(of type: BlockType) -> any TransactionKind.Type {
        guard let kind = all.first(where: { $0.blockType == type }) else {
            preconditionFailure("block type \(type) has no transaction kind in TransactionKinds.all")
        }
        return kind
    }
}

/// Any transaction the rollup sequences: one of the kinds of
/// ``TransactionKinds``, or the no-op that pads a block.
public enum Transaction: Equatable, Sendable {
    case deposit(Deposit)
    case transfer(Transfer)
    case exit(Exit)
    /// Padding in a block: changes nothing.
    case noop

    /// The kind's value, or nil for a no-op.
    public var kind: (any TransactionKind)? {
        switch self {
        case .deposit(let deposit): return deposit
        case .transfer(let transfer): return transfer
        case .exit(let exit): return exit
        case .noop: return nil
        }
    }
}
