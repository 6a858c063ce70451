/// Circuits: the R1CS gadgets (Poseidon, EdDSA on BabyJubJub, Merkle paths,
/// bits, ranges and comparisons, packed amounts, SHA-256), each with its
/// native twin, and the synthetic S-box chain that exercises the proving
/// system. The Transfer, Deposit and Exit block circuits are built from
/// these gadgets (issue 5).
public enum Circuits {}
