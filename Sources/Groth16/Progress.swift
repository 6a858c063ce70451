/// Reports the stages of a long setup or proof: a stage name and the
/// fraction of the whole done, in [0, 1].
public typealias ProgressHandler = @Sendable (_ stage: String, _ fraction: Double) -> Void
