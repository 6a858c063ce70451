/// Circuits: the R1CS gadgets (Poseidon, EdDSA on BabyJubJub, Merkle paths,
/// ranges, SHA-256) and the Transfer, Deposit and Exit block circuits, each a
/// value with a `synthesize` method (issue 5). For now it holds the
/// synthetic S-box chain that exercises and benchmarks the proving system.
public enum Circuits {}
