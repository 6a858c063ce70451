import Algebra
import Support
import Testing

/// Work handed to a dedicated thread runs there at the priority asked for,
/// and its result or error comes back to the awaiting task.
struct DedicatedThreadTests {
    @Test(arguments: ThreadPriority.allCases)
    func theThreadRunsAtItsPriority(priority: ThreadPriority) async throws {
        #if os(Linux)
        #expect(try await DedicatedThread.run(name: "test", priority: priority) { ThreadPriority.current } == priority)
        #endif
        #expect(ThreadPriority.current == .normal)
    }

    struct Failure: Error, Equatable {}

    @Test func errorsComeBack() async throws {
        await #expect(throws: Failure()) { try await DedicatedThread.run(name: "test", priority: .idle) { () throws -> Int in throw Failure() } }
        #expect(try await DedicatedThread.run(name: "test", priority: .background) { 6 * 7 } == 42)
    }
}
