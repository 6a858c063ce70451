import APIServer
import ArgumentParser
import Follower
import Foundation
import Node
import Support

/// `rollup follow --from URL --data DIR --vk DIR [--port P]`.
struct FollowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "follow",
        abstract: "Rebuild and verify a rollup from what its operator publishes, and serve its verified state.",
        discussion: """
        For each block of the upstream node, in order, the follower recomputes the commitment
        from the pubdata, verifies the proof with the pinned verifying keys (never the
        upstream's), replays the pubdata into its own account tree and checks the new root.
        It serves the read-only API (accounts, exit proofs, blocks, status) from that state,
        refuses bad upstream data naming the block, and resumes where it stopped.
        --vk holds transfer.json, deposit.json and exit.json (snarkjs JSON), such as
        GET /v1/circuits/{type}/verification-key serves.
        """
    )

    @Option(help: "The upstream node's URL.")
    var from: String

    @Option(help: "The follower's data directory.")
    var data: String

    @Option(help: "The directory of pinned verifying keys: TYPE.json (snarkjs JSON) or a ceremony's TYPE.zkey for transfer, deposit and exit.")
    var vk: String

    @Option(help: "The address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "The port to listen on.")
    var port: Int = 8081

    @Option(help: "Milliseconds between asks once caught up.")
    var interval: Int = 1000

    @Flag(help: "Follow a chain whose keys come from a development setup (whoever made them can forge proofs).")
    var allowDevelopmentKeys = false

    func validate() throws {
        if !(0...65_535).contains(port) { throw ValidationError("--port must be 0 … 65535 (0: any free port)") }
        if interval < 10 { throw ValidationError("--interval must be at least 10 ms") }
    }

    func run() async throws {
        let (vk, data) = (vk, data)
        let metrics = NodeMetrics()
        let follower = try await Follower.open(
            upstream: from, dataDirectory: data, metrics: metrics.factory, allowDevelopmentKeys: allowDevelopmentKeys
        ) { chain in
            try ChainKeys.pinned(in: vk, chain: chain, cache: URL(fileURLWithPath: data).appendingPathComponent("circuits").path)
        }
        let node = FollowerNode(follower: follower, host: host, port: port, interval: .milliseconds(interval), metrics: metrics)
        let (host, from) = (host, from)
        let head = try follower.tree.head().block
        try await node.run { port in
            printError("rollup follower of \(from) on http://\(host):\(port), verified through block \(head); data in \(data); Ctrl-C stops it")
        }
    }
}

/// `rollup restore --from URL --data DIR [--vk DIR]`.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Rebuild a data directory from an upstream's proved blocks, for `rollup node` to run as operator.",
        discussion: """
        The follower's replay: every block the upstream published with a proof is verified and
        kept; its pending transactions and unproved blocks are not published and so are lost.
        Proofs are checked with the keys pinned by --vk, or else with the proving keys in
        DATA/keys, which the new operator must hold (the chain's keys) to prove new blocks.
        Then `rollup node --data DATA` continues the chain from the restored root.
        """
    )

    @Option(help: "The upstream node's URL.")
    var from: String

    @Option(help: "The data directory to restore into.")
    var data: String

    @Option(help: "Pinned verifying keys (TYPE.json or TYPE.zkey for transfer, deposit, exit); default: the proving keys in DATA/keys.")
    var vk: String?

    @Option(help: ArgumentHelp("The chain's bridge key (64 hex digits), when DATA/bridge.pub is missing: it is in no proof, so it is never taken from the upstream.", valueName: "hex"))
    var bridgePub: String?

    func validate() throws {
        if let bridgePub, [UInt8](hex: bridgePub)?.count != 32 { throw ValidationError("--bridge-pub must be 32 bytes as 64 hex digits (an Ed25519 public key)") }
    }

    func run() async throws {
        let report = try await ChainRestore.run(upstream: from, dataDirectory: data, pinnedKeys: vk, bridgeKey: bridgePub.flatMap { [UInt8](hex: $0) })
        print("restored \(report.block) block(s): \(report.accounts) account(s), root \(report.root.decimalString)")
        if let head = report.upstreamHead, head > report.block {
            print("blocks \(report.block + 1) … \(head) of the upstream have no proof yet and were not restored")
        }
        print("run `rollup node --data \(data)` with the chain's proving keys in \(data)/keys to continue the chain")
    }
}
