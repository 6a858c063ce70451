/// StateKeeper: the single writer of rollup state. It keeps the Poseidon
/// account tree, applies deposits, transfers and exits, and seals blocks.
/// Built in issue 4.
public enum StateKeeper {}
