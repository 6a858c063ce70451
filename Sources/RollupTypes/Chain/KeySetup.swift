/// Where a block type's proving key came from, as the chain records it
/// and `GET /v1/chain` shows it: a single-party development setup, whose
/// maker could forge proofs, or a ceremony, which is sound when one of its
/// participants was honest.
public enum KeySetup: String, Sendable, Codable, CaseIterable {
    /// `rollup setup`, `rollup node --dev`: fine for trying the rollup, not for securing value.
    case development
    /// A zkey with at least one contribution from `rollup ceremony` or snarkjs.
    case ceremony
}
