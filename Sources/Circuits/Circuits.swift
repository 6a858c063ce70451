/// Circuits: the R1CS gadgets (Poseidon, EdDSA on BabyJubJub, Merkle paths,
/// ranges, SHA-256) and the Transfer, Deposit and Exit block circuits, each a
/// value with a `synthesize` method. Built in issue 5 on the R1CS builder.
public enum Circuits {}
