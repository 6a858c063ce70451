/// Everything a node keeps in its database: the rollup's records
/// (``RollupStore``) and the provers' coordination (``ProverQueue``).
/// The node, the API, the follower and the provers use the database only
/// through it; ``DatabaseStore`` is the embedded implementation.
public typealias NodeStore = RollupStore & ProverQueue
