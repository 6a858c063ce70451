import Algebra

/// A variable of a constraint system: the constant one, a public input or a
/// private witness.
///
/// Public inputs and private witnesses are numbered separately while a
/// circuit is synthesized; the final assignment orders them as snarkjs does:
/// [1, public inputs…, private witnesses…].
public struct Variable: Hashable, Sendable {
    /// Public (including the constant one at index 0) or private.
    public enum Kind: Sendable { case `public`, `private` }

    public let kind: Kind
    /// The index among variables of the same kind.
    public let index: Int

    public init(kind: Kind, index: Int) {
        self.kind = kind
        self.index = index
    }

    /// The constant 1.
    public static let one = Variable(kind: .public, index: 0)

    /// The position in a full assignment with `publicCount` public variables
    /// (the constant one included).
    @inlinable
    public func assignmentIndex(publicCount: Int) -> Int {
        kind == .public ? index : publicCount + index
    }
}
