/// Committer: persists each sealed block atomically (committed state) and,
/// once its proof verifies, applies its updates in block order (verified
/// state). Built in issue 6.
public enum Committer {}
