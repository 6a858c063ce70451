import Foundation
import Node
import NodeTestSupport
import RollupTypes
import Storage
import Testing
import TestSupport

/// Review of December 2026 (second round), findings 4 and 5: a machine
/// that can write the node's database, while the node is stopped, rewrites
/// which chain the database is, or clears a bound key hash so that the
/// node binds whatever keys it is next started with. The data directory's
/// chain.binding refuses both at start.
struct ChainBindingTests {
    typealias Fixture = APIFixture

    /// The chain's salt and id rewritten together, as consistently as a
    /// new genesis of the same shape and keys makes them: the node would
    /// read every signature under the writer's chain id.
    @Test func aRewrittenChainIDIsRefusedAtStart() async throws {
        let node = try await Fixture.node()
        let bound = node.context.domain.chainID
        let stored = try #require(try node.context.store.configuration())
        let other = try ChainConfiguration.genesis(parameters: stored.parameters, operatorKey: stored.operatorKey, bridgePublicKey: stored.bridgePublicKey)
        try node.configuration.resolvedDatabase.connect().run(
            "UPDATE server_config SET chain_salt = ?, chain_id = ? WHERE id = 1", [.blob(other.salt), .text(other.chainID.description)])
        do {
            let restarted = try await RollupNode.open(node.configuration)
            Issue.record("the node started on chain \(restarted.context.domain.chainID), rewritten from \(bound)")
        } catch {
            let path = node.configuration.dataDirectory + "/" + ChainBinding.fileName
            #expect(error as? ChainBinding.Failure == .otherChain(bound: bound.description, database: other.chainID.description, path: path), "\(error)")
        }
    }

    /// The exit key's bound hash cleared, and the node started with another
    /// exit key (here remade by a new development setup): the node would
    /// bind it, and prove and verify exits under a key of someone's choosing.
    @Test func aClearedKeyHashLetsNoOtherKeyIn() async throws {
        let node = try await Fixture.node()
        let bound = try #require(node.context.chain.keyHashes["exit"])
        try FileManager.default.removeItem(atPath: node.configuration.keysDirectory + "/exit.key")
        try node.configuration.resolvedDatabase.connect().run("UPDATE block_types SET key_hash = NULL WHERE name = 'exit'")
        do {
            let restarted = try await RollupNode.open(node.configuration)
            Issue.record("the node bound exit key \(String(describing: restarted.context.chain.keyHashes["exit"])) in place of \(bound)")
        } catch {
            guard case .otherKey(type: "exit", bound: bound, let offered) = error as? ChainBinding.Failure else { Issue.record("\(error)"); return }
            #expect(offered != bound)
            #expect("\(error)".contains("use the keys the chain was started with"))
        }
    }

    /// The binding is written on the first start and names the chain and
    /// its keys; a database with no chain under a bound directory is
    /// refused, naming the file to delete to start a new chain on purpose.
    @Test func theBindingNamesTheChainAndItsKeys() async throws {
        let node = try await Fixture.node()
        let binding = try #require(try ChainBinding.read(in: node.configuration.dataDirectory))
        #expect(binding.chainID == node.context.domain.chainID.description)
        #expect(binding.keyHashes == node.context.chain.keyHashes && binding.keyHashes.count == BlockType.allCases.count)

        var configuration = node.configuration
        configuration.database = .sqlite(path: ScratchDirectory.path("another-database.sqlite").path)
        await #expect(throws: ChainBinding.Failure.databaseWithoutChain(
            bound: binding.chainID, path: node.configuration.dataDirectory + "/" + ChainBinding.fileName)) {
            _ = try await RollupNode.open(configuration)
        }
    }
}
