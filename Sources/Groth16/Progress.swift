import Foundation

/// Reports the stages of a long setup or proof: a stage name and the
/// fraction of the whole done, in [0, 1].
public typealias ProgressHandler = @Sendable (_ stage: String, _ fraction: Double) -> Void

/// A handler that passes on at most one line per 10 %, as
/// "task: NN% stage", to `report`.
public func decileProgress(_ task: String, _ report: @escaping @Sendable (String) -> Void) -> ProgressHandler {
    let last = LastDecile()
    return { stage, fraction in
        if last.advance(to: Int(fraction * 10)) { report("\(task): \(Int(fraction * 100))% \(stage)") }
    }
}

/// The last progress decile reported, shared by progress callbacks.
final class LastDecile: @unchecked Sendable {
    private var value = -1
    private let lock = NSLock()

    /// Records `decile`; true when it is new.
    func advance(to decile: Int) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard decile > value else { return false }
        value = decile
        return true
    }
}
