/// A circuit: a value (holding its witness, or nothing for setup) that
/// writes its constraints into any constraint system.
public protocol Circuit {
    /// A stable name, written into key headers so keys for another circuit
    /// are refused.
    var name: String { get }

    /// Allocates variables and enforces constraints. With a constraint system
    /// that computes values, every witness value must be present.
    func synthesize<CS: ConstraintSystem>(into cs: inout CS) throws
}
