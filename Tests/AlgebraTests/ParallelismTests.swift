import Algebra
import Testing

/// Tasks shared among threads: each runs exactly once, whatever the
/// number of threads.
struct ParallelismTests {
    @Test(arguments: [1, 2, 3, 64])
    func everyTaskRunsOnce(threads: Int) {
        let runs = ParallelResults(repeating: 0, count: 101)
        Parallelism.forEach(runs.count, threads: threads) { task in runs[task] += 1 }
        #expect(runs.values == [Int](repeating: 1, count: 101))
    }

    @Test func noTasksRunNothing() {
        var ran = false
        Parallelism.forEach(0, threads: 2) { _ in ran = true }
        #expect(!ran)
    }
}
