import APIContract
import Foundation
import Node
import Primitives
import Logging
import RollupTypes
import ServiceLifecycle

/// The node as `make run` starts it, for the benchmarks that need one:
/// full-size circuits whose development keys are made once and kept in
/// `keysDirectory`, a scratch data directory, served on a loopback port.
struct LoopbackNode {
    let node: RollupNode
    let configuration: NodeConfiguration
    let port: Int
    private let services: ServiceGroup
    private let server: Task<Void, Error>

    /// Starts it; `configure` sets what the benchmark varies (provers,
    /// admission); `prepare` runs on the new data directory before the node
    /// opens it (to make its chain there).
    static func start(
        name: String, keysDirectory: String, progress: @escaping @Sendable (String) -> Void, configure: (inout NodeConfiguration) -> Void,
        prepare: (NodeConfiguration) throws -> Void = { _ in }
    ) async throws -> LoopbackNode {
        var configuration = NodeConfiguration()
        configuration.development = true  // its keys are made once by a development setup, and it signs deposits with the bridge's key
        configuration.dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("rollup-bench-\(name)-\(UUID().uuidString)").path
        configuration.port = 0
        configure(&configuration)
        try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
        do {
            try FileManager.default.createDirectory(atPath: keysDirectory, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: configuration.keysDirectory, withDestinationPath: keysDirectory)
            try prepare(configuration)
            let node = try await RollupNode.open(configuration, progress: progress)
            let port = PortBox()
            let services = ServiceGroup(configuration: ServiceGroupConfiguration(
                services: [node.application(onListening: { port.set($0) })], logger: Logger(label: "rollup.bench.node")))
            let server = Task { try await services.run() }
            while port.value == 0 { try await Task.sleep(for: .milliseconds(10)) }
            return LoopbackNode(node: node, configuration: configuration, port: port.value, services: services, server: server)
        } catch {
            try? FileManager.default.removeItem(atPath: configuration.dataDirectory)
            throw error
        }
    }

    /// Runs `body`, then (whether it threw or not) shuts the node down as
    /// SIGTERM would, waits for it, and removes the data directory.
    func stopping<T>(_ body: () async throws -> T) async throws -> T {
        let result: Result<T, any Error>
        do { result = .success(try await body()) } catch { result = .failure(error) }
        await services.triggerGracefulShutdown()
        _ = await server.result
        try? FileManager.default.removeItem(atPath: configuration.dataDirectory)
        return try result.get()
    }

    /// Opens accounts 1 … `keys.count` for `keys`, each with `amount`,
    /// through POST /v1/deposits signed with the bridge's key; gives the
    /// number of deposit blocks they fill.
    func fund(_ keys: [EdDSAPrivateKey], amount: UInt128) throws -> UInt32 {
        let funding = try LoopbackHTTPClient(port: port)
        guard let bridge = node.bridgeKey else { throw LoopbackHTTPClient.Failure(description: "the benchmark's node has no bridge key") }
        let chain = node.context.domain.chainID
        for (index, key) in keys.enumerated() {
            let deposit = Deposit(account: nil, publicKey: key.publicKey, amount: amount, bridgeSequence: UInt64(index + 1)).signed(by: bridge, chain: chain)
            guard try funding.post("/v1/deposits", body: Array(try JSONEncoder().encode(DepositRequest(deposit: deposit)))) == 202 else {
                throw LoopbackHTTPClient.Failure(description: "deposit \(index) refused")
            }
        }
        let slots = configuration.chain.slots(.deposit)
        return UInt32((keys.count + slots - 1) / slots)
    }
}
