import Algebra
import Committer
import Foundation
import RollupTypes
import StateKeeper
import Storage
import StorageTesting
import Support
import Testing

/// The node's long-lived threads stop at shutdown only after finishing what
/// was queued: every accepted transaction stored, every sealed block handed
/// to the committer.
struct ShutdownTests {
    typealias Fixture = StoreFixture

    @Test(arguments: TestDatabase.available) func closingTheAcceptanceLogStoresEverythingQueued(_ backend: TestDatabase) async throws {
        let store = try DatabaseStore(try backend.fresh())
        _ = try await Fixture.node(store)  // initializes the chain
        let log = AcceptanceLog(store: store)
        let tickets = (1...20).map { log.enqueue(Fixture.deposit(Fixture.alice, 5, sequence: UInt64($0)), account: nil, receivedAt: 0) }
        try await DedicatedThread.run(name: "test.close-log", priority: .normal) { log.close() }
        #expect(try store.pendingRows().count == 20)
        for ticket in tickets { try await log.waitUntilDurable(ticket) }

        // After close nothing is written, and the caller is told so instead of waiting.
        let late = log.enqueue(Fixture.deposit(Fixture.alice, 5, sequence: 21), account: nil, receivedAt: 0)
        await #expect(throws: StorageError.self) { try await log.waitUntilDurable(late) }
        #expect(try store.pendingRows().count == 20)
    }

    @Test(arguments: TestDatabase.available) func closingTheSealingPipelineHandsOverEverySealedBlock(_ backend: TestDatabase) async throws {
        let store = try DatabaseStore(try backend.fresh())
        var configuration = Fixture.configuration
        configuration.pipelinedSealing = true
        let committer = BlockCommitter(store: store, chain: Fixture.chain, verifyingKeys: [:])
        let (keeper, _) = try await StateRestorer.restore(store: store, configuration: configuration, committer: committer)
        for sequence in 1...4 {
            try await Fixture.accept(Fixture.deposit(Fixture.alice, 5, sequence: UInt64(sequence)), keeper, store)
        }
        _ = await keeper.tick()  // two deposit blocks, assembled on the pipeline's thread
        try await DedicatedThread.run(name: "test.close-sealing", priority: .normal) { keeper.closeSealingPipeline() }
        #expect(try store.lastCommittedBlock()?.number == 2)

        // The thread has stopped: a later seal is not assembled any more.
        for sequence in 5...6 {
            try await Fixture.accept(Fixture.deposit(Fixture.alice, 5, sequence: UInt64(sequence)), keeper, store)
        }
        _ = await keeper.tick()
        try await Task.sleep(for: .milliseconds(300))
        #expect(try store.lastCommittedBlock()?.number == 2)
    }
}
