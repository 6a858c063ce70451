/// Work split into independent tasks, to be run together with other such
/// lists as one pool (``run(_:threads:)``): threads take the next task of
/// any list as they finish one, so no thread waits for another list's last
/// task while work remains. Tasks may touch only data no other task touches.
public struct ParallelTasks: Sendable {
    /// The number of tasks.
    public let count: Int
    let body: @Sendable (Int) -> Void

    /// `count` tasks; task i runs `body(i)`.
    public init(count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        self.count = count
        self.body = body
    }

    /// Runs every task of `lists` on up to `threads` threads, earlier lists'
    /// tasks first, and returns when all have run.
    public static func run(_ lists: [ParallelTasks], threads: Int) {
        var owners = [(list: Int, task: Int)]()
        for (index, list) in lists.enumerated() {
            for task in 0..<list.count { owners.append((index, task)) }
        }
        Parallelism.forEach(owners.count, threads: threads) { slot in
            let (list, task) = owners[slot]
            lists[list].body(task)
        }
    }
}
