import APIContract
import Algebra
import APIServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Node
import Primitives
import RollupTypes
import TestSupport
import StateKeeper
import StorageTesting

/// Nodes with small circuits (tree depth 4, 2 slots per block) in temporary
/// data directories; the circuits' keys are made once and copied in.
public enum APIFixture {
    public static let alice = EdDSAPrivateKey.generate()
    public static let bob = EdDSAPrivateKey.generate()

    public static func configuration(provers: Int = 0) -> NodeConfiguration {
        var configuration = NodeConfiguration()
        configuration.development = true
        configuration.dataDirectory = ScratchDirectory.path("rollup-node").path
        configuration.port = 0
        configuration.provers = provers
        // Without provers the tests seal by ticking the keeper themselves; the
        // node's own clock then stays out of their way (its services run too).
        configuration.chain = try! ChainParameters(treeDepth: 4, blockSize: 2, fullBlockTimeout: provers > 0 ? .milliseconds(300) : .seconds(3600))
        configuration.tick = provers > 0 ? .milliseconds(50) : .seconds(3600)
        configuration.verifyInterval = .milliseconds(50)
        configuration.proverHeartbeat = .milliseconds(200)
        configuration.admission = Self.unpricedAdmission
        configuration.http = Self.patientHTTP
        return configuration
    }

    /// The HTTP limits of a test node: the defaults, but a keep-alive
    /// connection may idle 10 minutes, since the live test client holds one
    /// connection and waits on it for blocks proved on a loaded machine
    /// (the tests of the idle limit set their own).
    public static var patientHTTP: HTTPLimits {
        var http = HTTPLimits()
        http.headTimeout = .seconds(600)
        return http
    }

    /// Admission for tests of other things: no minimum fee, no price on the
    /// backlog that a node without provers builds, and no caps (the
    /// admission tests set their own, AdmissionTests).
    public static var unpricedAdmission: AdmissionControl.Limits { flatFee(minimums: [:]) }

    /// Admission at fixed minimum fees: the backlog costs nothing more and
    /// nothing is capped.
    public static func flatFee(minimums: [BlockType: UInt128]) -> AdmissionControl.Limits {
        var limits = AdmissionControl.Limits()
        limits.fees = FeeSchedule(minimums: minimums)
        limits.fees.growth = (1, 1)
        limits.maxBacklog = .max
        limits.maxPendingPerAccount = .max
        return limits
    }

    /// Keys for the small circuits, made once by the first node.
    public static let sharedKeys = Task<String, Error> {
        let configuration = Self.configuration()
        _ = try await RollupNode.open(configuration)
        return configuration.keysDirectory
    }

    /// A node whose keys are copied from `sharedKeys`, on a new database of
    /// `backend` (SQLite's in the data directory, where a restart finds it).
    public static func node(
        provers: Int = 0, maxPending: Int = 100_000, http: HTTPLimits = patientHTTP, admission: AdmissionControl.Limits = unpricedAdmission,
        subscriptions: SubscriptionLimits = SubscriptionLimits(), on backend: TestDatabase = .sqlite
    ) async throws -> RollupNode {
        var configuration = configuration(provers: provers)
        configuration.subscriptions = subscriptions
        configuration.admission = admission
        if backend == .postgres { configuration.database = try backend.fresh() }
        configuration.maxPending = maxPending
        configuration.http = http
        try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: try await sharedKeys.value, toPath: configuration.keysDirectory)
        return try await RollupNode.open(configuration)
    }

    // MARK: Requests

    /// A hand-made body, for input the contract's types cannot express.
    public static func json(_ object: [String: JSONValue]) -> ByteBuffer {
        ByteBuffer(bytes: try! JSONEncoder().encode(JSONValue.object(object)))
    }

    /// A body of the contract's request types.
    public static func body(_ value: some Encodable) -> ByteBuffer {
        ByteBuffer(bytes: try! JSONEncoder().encode(value))
    }

    /// A request of the contract as a JSON object, to be spoilt by hand.
    public static func object(of value: some Encodable) -> [String: JSONValue] {
        guard let json = try? JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value)), case .object(let object) = json else { return [:] }
        return object
    }

    /// The answer as the contract's type: a missing or misspelt field fails
    /// the decoding, and so the test.
    public static func answer<Answer: Decodable>(_ type: Answer.Type, _ response: TestResponse) throws -> Answer {
        try JSONDecoder().decode(Answer.self, from: Data(response.body.readableBytesView))
    }

    public static func errorCode(_ response: TestResponse) -> String? {
        (try? answer(APIErrorBody.self, response))?.error.code
    }

    /// A deposit body signed by `node`'s bridge key (or unsigned, or signed by another key).
    public static func deposit(
        _ key: EdDSAPrivateKey, _ amount: UInt128, sequence: UInt64, account: Int? = nil, node: RollupNode, signer: Ed25519SigningKey? = nil,
        signed: Bool = true
    ) -> ByteBuffer {
        ByteBuffer(bytes: try! JSONEncoder().encode(depositRequest(key, amount, sequence: sequence, account: account, node: node, signer: signer, signed: signed)))
    }

    /// A deposit request signed by `node`'s bridge key for its chain (or unsigned, or signed by another key).
    public static func depositRequest(
        _ key: EdDSAPrivateKey, _ amount: UInt128, sequence: UInt64, account: Int? = nil, node: RollupNode, signer: Ed25519SigningKey? = nil,
        signed: Bool = true
    ) -> DepositRequest {
        var deposit = Deposit(account: account.map { try! AccountID($0) }, publicKey: key.publicKey, amount: amount, bridgeSequence: sequence)
        if signed { deposit = deposit.signed(by: signer ?? node.bridgeKey!, chain: node.context.domain.chainID) }
        return DepositRequest(deposit: deposit)
    }

    /// A transfer signed for `node`'s chain.
    public static func transfer(_ from: Int, _ to: Int, _ amount: UInt128, fee: UInt128 = 1, nonce: UInt32, key: EdDSAPrivateKey, node: RollupNode) -> SubmittedTransaction {
        let transfer = Transfer(from: try! AccountID(from), to: try! AccountID(to), amount: try! PackedAmount(packing: amount),
                                fee: try! PackedFee(packing: fee), nonce: nonce).signed(with: key, chain: node.context.domain.chainID)
        return SubmittedTransaction(.transfer(transfer))
    }

    /// An exit signed for `node`'s chain.
    public static func exit(_ account: Int, _ amount: UInt128, fee: UInt128 = 1, nonce: UInt32, address: [UInt8], key: EdDSAPrivateKey, node: RollupNode) -> SubmittedTransaction {
        let exit = try! Exit(account: try! AccountID(account), amount: amount, fee: try! PackedFee(packing: fee), nonce: nonce, l1Address: address)
            .signed(with: key, chain: node.context.domain.chainID)
        return SubmittedTransaction(.exit(exit))
    }

    /// Funds a node: Alice (id 1, 1,000) and Bob (id 2, 10), sealed into block 1.
    public static func funded(_ client: some TestClientProtocol, _ node: RollupNode) async throws {
        for (key, amount, sequence) in [(alice, UInt128(1_000), UInt64(1)), (bob, 10, 2)] {
            try await client.execute(uri: "/v1/deposits", method: .post, body: deposit(key, amount, sequence: sequence, node: node)) { response in
                guard response.status == .accepted else { throw FixtureFailure("funding deposit \(sequence) was answered \(response.status)") }
            }
        }
        await seal(node)
    }

    /// Ticks the keeper at `now` and waits until the sealed blocks are stored
    /// (the node assembles and commits them on its sealing thread).
    public static func seal(_ node: RollupNode, now: ContinuousClock.Instant = .now) async {
        _ = await node.context.keeper.tick(now: now)
        _ = await node.context.keeper.tree
    }

    /// Polls GET /v1/status through `client` until `condition` holds; whether it did within `timeout`.
    public static func waitFor(_ client: some TestClientProtocol, timeout: Duration = .seconds(60), _ condition: @escaping (StatusView) -> Bool) async throws -> Bool {
        try await Poll.until(timeout: timeout, every: .milliseconds(200)) {
            condition(try await client.execute(uri: "/v1/status", method: .get) { try answer(StatusView.self, $0) })
        }
    }
}
