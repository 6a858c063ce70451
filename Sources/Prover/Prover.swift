/// Prover: the Groth16 proving system (setup, prove, verify, snarkjs export)
/// and the worker processes that lock one unproven block each, prove it and
/// store the proof. Built in issues 3 and 7.
public enum Prover {}
