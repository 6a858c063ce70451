import Algebra
import Dispatch
import Primitives
import RollupTypes
import StateKeeper
import Support
import Testing

/// Accounts by key (`GET /v1/accounts/by-key/{key}`): an index, not a scan,
/// and on the node one that never waits for the keeper's actor.
struct AccountKeyIndexTests {
    typealias Keeper = StateKeeperTests

    @Test func theIndexGivesTheLowestAccountOfAKey() throws {
        let (one, two) = (EdDSAPrivateKey.generate().publicKey, EdDSAPrivateKey.generate().publicKey)
        let index = AccountKeyIndex([(try AccountID(7), Account(publicKey: one)), (try AccountID(3), Account(publicKey: two))])
        for id in [9, 5, 5, 12] { index.insert(try AccountID(id), key: one) }
        #expect(index.firstAccount(withKey: one) == (try AccountID(5)))
        #expect(index.firstAccount(withKey: two) == (try AccountID(3)))
        index.remove(try AccountID(5), key: one)
        #expect(index.firstAccount(withKey: one) == (try AccountID(7)))  // once, though inserted twice
        for id in [7, 9, 12] { index.remove(try AccountID(id), key: one) }
        #expect(index.firstAccount(withKey: one) == nil)
        #expect(index.firstAccount(withKey: EdDSAPrivateKey.generate().publicKey) == nil)
    }

    /// A lookup is answered while the actor is held inside a submission
    /// (its `persist` step waits for the test), and finds a pending new
    /// account once it is admitted.
    @Test func lookupsAreAnsweredWhileTheKeeperIsBusy() async throws {
        let keeper = try await Keeper.funded()
        let entered = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        let carol = EdDSAPrivateKey.generate()
        let deposit = Keeper.deposit(carol, 5, sequence: 3)
        let held = Task {
            try await keeper.submit(deposit) { _, _ in
                entered.signal()
                _ = release.wait(timeout: .now() + 600)
            }
        }
        // Looked up from a thread of its own, so that the actor's thread is held only for these lookups.
        let alice = Keeper.alice.publicKey, bob = Keeper.bob.publicKey
        let seen = try await DedicatedThread.run(name: "test.lookups", priority: .normal) { () -> (inside: Bool, found: [AccountID?]) in
            let inside = entered.wait(timeout: .now() + 600) == .success  // the submission waits for a cooperative thread; a loaded run can take minutes
            defer { release.signal() }
            return (inside, [alice, bob, carol.publicKey].map { keeper.firstAccount(withKey: $0) })
        }
        // The actor was busy then: the lookups did not wait for it.
        #expect(seen.inside)
        #expect(seen.found == [try AccountID(1), try AccountID(2), nil])
        let (receipt, _) = try await held.value
        let created = try #require(receipt.account)
        #expect(created == (try AccountID(3)))
        #expect(keeper.firstAccount(withKey: carol.publicKey) == created)  // pending, not yet sealed
        _ = await keeper.tick()
        #expect(keeper.firstAccount(withKey: carol.publicKey) == created)  // sealed
    }
}
