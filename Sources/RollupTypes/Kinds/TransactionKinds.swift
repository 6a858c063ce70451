import Synchronization

/// The registry of transaction kinds: the one list that every part
/// iterates over (the state keeper's handlers, the circuits' slots, the
/// prover's circuits and keys, storage, the API and the wallet).
///
/// Adding a kind: a type conforming to ``TransactionKind`` (with its
/// ``TransactionTag``, ``BlockType`` and production slots), its handler
/// (`HandledKind`, StateKeeper), slot (`SlottedKind`, Circuits) and replay
/// (`ReplayedKind`, BlockVerification), each in its own file; then its entry
/// in ``builtIn`` here, or ``register(_:)`` before the process uses the
/// registry. Storage takes its block type from this list when a chain is
/// made (`block_types`); no migration is needed (README, "Adding a
/// transaction kind").
public enum TransactionKinds {
    /// The kinds the node is built with, in the order the node lists them
    /// (and their block types).
    public static let builtIn: [any TransactionKind.Type] = [Transfer.self, Deposit.self, Exit.self]

    private static let registered = Mutex<[any TransactionKind.Type]>(builtIn)

    /// Every kind: ``builtIn``, then those registered, in order.
    public static var all: [any TransactionKind.Type] { registered.withLock { $0 } }

    /// Adds `kind` for the rest of the process. Register before the process
    /// opens a chain, a node or a key set: each reads the registry then and
    /// keeps what it read (the chain id binds every block type).
    public static func register(_ kind: any TransactionKind.Type) throws(KindRegistrationConflict) {
        try registered.withLock { (kinds: inout [any TransactionKind.Type]) throws(KindRegistrationConflict) in
            guard kind.tag != .noop else { throw .reservedTag(kind.name) }
            if let other = kinds.first(where: { $0.tag == kind.tag }) { throw .tag(kind.tag.rawValue, kind.name, other.name) }
            if let other = kinds.first(where: { $0.name == kind.name || $0.blockType == kind.blockType }) {
                throw .name(kind.name, other.name)
            }
            kinds.append(kind)
        }
    }

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

/// Why a kind cannot join the registry: it would read as another kind.
public enum KindRegistrationConflict: Error, Equatable, CustomStringConvertible {
    /// Tag 0 is the no-op's.
    case reservedTag(String)
    /// Another kind has this tag.
    case tag(UInt8, String, String)
    /// Another kind has this name or block type.
    case name(String, String)

    public var description: String {
        switch self {
        case .reservedTag(let name): return "the \(name) kind cannot take tag 0, the padding no-op's"
        case .tag(let tag, let name, let other): return "the \(name) kind cannot take tag \(tag): the \(other) kind has it"
        case .name(let name, let other): return "the \(name) kind's name or block type is the \(other) kind's"
        }
    }
}
