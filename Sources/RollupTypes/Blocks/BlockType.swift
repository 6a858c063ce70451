/// The kinds of block; each has its own circuit. Every transaction kind
/// declares its block type in its own file (`BlockType.transfer`), and
/// `allCases` lists them in the order of ``TransactionKinds/all``.
public struct BlockType: RawRepresentable, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// The name in storage, key files, the API and messages: "transfer".
    public let rawValue: String

    /// A registered block type by name; nil for any other name.
    public init?(rawValue: String) {
        guard Self.allCases.contains(where: { $0.rawValue == rawValue }) else { return nil }
        self.rawValue = rawValue
    }

    /// A block type for a kind's own declaration (`BlockType.exit`); it is
    /// registered with its kind (``TransactionKinds``).
    public init(declaring name: String) { rawValue = name }

    public static var allCases: [BlockType] { TransactionKinds.all.map { $0.blockType } }

    public var description: String { rawValue }
}
