import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// How a thread of its own is scheduled against the rest of the process.
/// On Linux, niceness and policy are per thread, and threads a thread
/// creates inherit them. Elsewhere every case runs as `normal`.
public enum ThreadPriority: String, Sendable, CaseIterable {
    /// The process's default.
    case normal
    /// Nice 19: a small share of the CPU while other threads want it.
    case background
    /// SCHED_IDLE: runs only on cores that nothing else wants, below even
    /// `background`. The node's in-process provers run so, so that proving
    /// never delays the API or sealing.
    case idle

    /// Linux's SCHED_IDLE policy (sched.h defines it only under _GNU_SOURCE).
    static let schedulingIdle: Int32 = 5

    /// Moves the calling thread to this priority.
    public func applyToCurrentThread() {
        #if canImport(Glibc)
        var parameters = sched_param()
        switch self {
        case .normal: return
        case .background:
            setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19)  // on Linux, who = 0 is the calling thread
        case .idle:
            if sched_setscheduler(0, Self.schedulingIdle, &parameters) != 0 {
                setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19)
            }
        }
        #endif
    }

    /// The calling thread's priority, as the kernel reports it.
    public static var current: ThreadPriority {
        #if canImport(Glibc)
        if sched_getscheduler(0) == schedulingIdle { return .idle }
        return getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) >= 19 ? .background : .normal
        #else
        return .normal
        #endif
    }
}

/// Runs long synchronous work (a proof) on a new thread of its own, so that
/// it never occupies a thread of Swift's cooperative pool, which serves
/// HTTP and every other task of the process.
public enum DedicatedThread {
    /// `body`'s result, computed on a new thread named `name` at `priority`.
    public static func run<T: Sendable>(
        name: String, priority: ThreadPriority, _ body: @escaping @Sendable () throws -> T
    ) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                priority.applyToCurrentThread()
                continuation.resume(with: Result { try body() })
            }
            thread.name = name
            thread.stackSize = 16 << 20
            thread.start()
        }
    }
}
