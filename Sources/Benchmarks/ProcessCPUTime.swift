import Foundation

/// The CPU time this process has used so far (user and system, all
/// threads), to tell what the node spends from what its clients in other
/// processes spend.
enum ProcessCPUTime {
    static var now: Duration {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        let micros = (Int64(usage.ru_utime.tv_sec) + Int64(usage.ru_stime.tv_sec)) * 1_000_000
            + Int64(usage.ru_utime.tv_usec) + Int64(usage.ru_stime.tv_usec)
        return .microseconds(micros)
    }
}
