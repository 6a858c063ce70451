import APIServer
import Ethereum
import Foundation
import Logging
import Primitives
import RollupTypes
import ServiceLifecycle
import Settlement
import Support

/// eth_watch: reads the rollup contract's `DepositRequested` events once
/// they have ``L1Configuration/confirmations`` blocks on top, and admits
/// each, in serial order, as a deposit whose bridge sequence is its serial
/// (signed by the node's bridge key, so that the rest of the node checks
/// it as any deposit). A serial already admitted is skipped without asking
/// the contract again, so a restart reads from the deployment block again
/// and loses nothing. Serials must come in order from 0, and once the
/// confirmed head is read the contract's `depositCount` there must equal
/// the serials read: a deployment block edited past the contract's
/// creation, or an endpoint that withholds logs, stops crediting with an
/// error that says so instead of skipping deposits. A top-up that
/// the named account refuses (another key's account) is admitted as a new
/// account of its key, which the contract accepts. A deposit no block can
/// hold (its key is no BabyJubJub point, or it opens an account when the
/// tree is full) is recorded in ``RefusedDeposits`` for eth_sender to
/// refund, and the next deposit waits until every earlier one is sealed,
/// so that no block holds deposits on both sides of the gap: no deposit
/// stalls the queue.
struct L1DepositWatcher: Service {
    /// The L1 endpoint (its `rpc`) and `eth_call` on the contract.
    let transactor: L1Transactor
    let deployment: L1Deployment
    let configuration: L1Configuration
    let context: NodeContext
    let bridge: Ed25519SigningKey
    let chain: ChainID
    let refused: RefusedDeposits
    let progress: SettlementProgress
    let logger: Logger
    /// The longest wait for earlier deposits to be sealed after a refusal.
    var sealingWait: Duration = .seconds(600)

    /// keccak("DepositRequested(uint256,uint256,bytes32,uint256)").
    static let topic = "0x" + Keccak256.hash(Array("DepositRequested(uint256,uint256,bytes32,uint256)".utf8)).hexString
    /// L1 blocks read per eth_getLogs, at most.
    static let span: UInt64 = 1_000
    /// eth_getLogs queries per poll, at most: however far the endpoint says
    /// its head is, one poll ends, and the next goes on from there.
    static let spansPerPoll = 100

    struct Log: Decodable {
        let address: EthereumAddress
        let topics: [String]
        let data: String
        let blockNumber: Quantity
    }

    private struct LogQuery: Encodable {
        let address: EthereumAddress
        let fromBlock: Quantity
        let toBlock: Quantity
        let topics: [String]
    }

    /// Where reading stands: the next L1 block to read and the next serial
    /// its logs may hold.
    struct Position {
        var block: UInt64
        var serial: UInt64
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            var next = Position(block: deployment.deploymentBlock, serial: 0)
            while !Task.isCancelled {
                do {
                    next = try await poll(from: next)
                } catch {
                    progress.failed("reading deposits: \(error)")
                    logger.warning("reading L1 deposits failed; trying again", metadata: ["error": "\(error)"])
                }
                do { try await Task.sleep(for: configuration.pollInterval) } catch { return }
            }
        }
    }

    /// Admits the confirmed deposits from `first` on; returns where to go on.
    func poll(from first: Position) async throws -> Position {
        let head: Quantity = try await transactor.rpc.call("eth_blockNumber", [String]())
        guard let headNumber = head.uint64 else { throw L1Failure.malformedEvent("eth_blockNumber above 2^64") }
        progress.headSeen(headNumber)
        guard deployment.deploymentBlock <= headNumber else { throw L1Failure.deploymentAhead(block: deployment.deploymentBlock, head: headNumber) }
        guard headNumber >= configuration.confirmations else { return first }
        let confirmed = headNumber - configuration.confirmations
        var position = first
        for _ in 0..<Self.spansPerPoll where position.block <= confirmed {
            let to = min(confirmed, position.block + Self.span - 1)
            let logs: [Log] = try await transactor.rpc.call(
                "eth_getLogs", [LogQuery(address: deployment.rollup, fromBlock: Quantity(UInt128(position.block)), toBlock: Quantity(UInt128(to)), topics: [Self.topic])])
            for log in logs { position.serial = try await admit(log, next: position.serial) }
            position.block = to + 1
        }
        // Read up to the confirmed head: the contract there holds exactly the deposits read.
        if first.block <= confirmed && position.block > confirmed { try await checkCount(position.serial, through: confirmed) }
        return position
    }

    /// The contract's `depositCount` at L1 block `block` must be the
    /// number of serials its logs showed up to it.
    private func checkCount(_ read: UInt64, through block: UInt64) async throws {
        let word = try await transactor.call(deployment.rollup, data: RollupContract.read("depositCount"), atBlock: block)
        guard word.count == 32 else { throw L1Failure.malformedEvent("depositCount() answered \(word.count) bytes") }
        let count = try Self.integer(word, below: UInt128(UInt64.max))
        guard count == UInt128(read) else { throw L1Failure.depositsUnread(held: UInt64(count), read: read, block: block) }
    }

    /// Admits the deposit of `log` if its serial is `next`; returns the
    /// serial that comes after what was read (a serial below `next` was
    /// read before, one above it means logs went missing).
    private func admit(_ log: Log, next: UInt64) async throws -> UInt64 {
        // The endpoint is outside the process: only the contract's own DepositRequested counts.
        guard log.address == deployment.rollup, log.topics.first?.lowercased() == Self.topic else {
            throw L1Failure.malformedEvent("a log of \(log.address) with topic \(log.topics.first?.prefix(66) ?? "none") answered a query for the rollup's deposits")
        }
        guard log.topics.count == 2, let serialBytes = [UInt8](hex: log.topics[1]), serialBytes.count == 32,
              let data = [UInt8](hex: log.data), data.count == 96 else {
            throw L1Failure.malformedEvent("DepositRequested with \(log.topics.count) topics and \(log.data.count) hex digits of data")
        }
        let serial = UInt64(try Self.integer(serialBytes, below: UInt128(UInt64.max)))
        guard serial <= next else { throw L1Failure.depositSkipped(read: serial, expected: next) }
        guard serial == next else { return next }
        try await admit(serial: serial, data)
        return next + 1
    }

    /// Admits the deposit of serial `serial` whose event data is `data`.
    private func admit(serial: UInt64, _ data: [UInt8]) async throws {
        let accountField = try Self.integer(Array(data[0..<32]), below: UInt128(RollupContract.newAccount) + 1)
        let amount = try Self.integer(Array(data[64..<96]), below: .max)
        // Read again after a restart: admitted before, so the contract was asked then.
        guard await !context.keeper.hasSpent(bridgeSequence: serial) else { return }
        try await checkAgainstContract(serial: serial, data)
        guard let publicKey = try? EdDSAPublicKey(packed: Array(data[32..<64])) else {
            return try await refuse(serial, because: "its key is no BabyJubJub point")
        }
        let named = accountField == UInt128(RollupContract.newAccount) ? nil : try AccountID(Int(accountField))
        let deposit = Deposit(account: named, publicKey: publicKey, amount: amount, bridgeSequence: serial)
        do {
            guard try await credit(deposit) else { return }
            logger.info("credited an L1 deposit", metadata: ["serial": "\(serial)", "amount": "\(amount)"])
        } catch let refusal as APIError where named != nil && (refusal.code == "public_key_mismatch" || refusal.code == "balance_overflow" || refusal.code == "not_found" || refusal.code == "unknown_account") {
            let opening = Deposit(account: nil, publicKey: publicKey, amount: amount, bridgeSequence: serial)
            guard try await credit(opening) else { return }
            logger.info("credited an L1 top-up to a new account of its key", metadata: ["serial": "\(serial)", "refused": "\(refusal.code)"])
        }
    }

    /// Credits `deposit` once (``admitOnce(_:)``); a deposit that no block can
    /// hold, for the tree is full, is refused for a refund instead. Whether
    /// it was credited now.
    private func credit(_ deposit: Deposit) async throws -> Bool {
        do {
            return try await admitOnce(deposit)
        } catch let refusal as APIError where refusal.code == "tree_full" {
            try await refuse(deposit.bridgeSequence, because: refusal.message)
            return false
        }
    }

    /// Admits `deposit`, signed by the bridge; false if it was admitted
    /// before (a restart reads every event again, the redirected top-ups
    /// as well as the rest).
    private func admitOnce(_ deposit: Deposit) async throws -> Bool {
        do {
            _ = try await context.accept(deposit.signed(by: bridge, chain: chain).transaction, signatureVerified: false)
            return true
        } catch let refusal as APIError where refusal.code == "duplicate_deposit" || refusal.code == "duplicate" {
            return false
        }
    }

    /// The endpoint's log must state what the contract itself holds as
    /// `deposits(serial)` (account, key and amount): an endpoint that
    /// invents or alters a deposit log is refused, not credited. (One that
    /// lies as consistently in `eth_call` is not caught: the L1 endpoint of
    /// an operator is its own node; the contract would still refuse the
    /// block, so L1 funds stay safe.)
    private func checkAgainstContract(serial: UInt64, _ data: [UInt8]) async throws {
        let held = try await transactor.call(deployment.rollup, data: RollupContract.depositRequest(serial))
        guard held.count == 128, Array(held[0..<96]) == data else {
            throw L1Failure.malformedEvent("the endpoint's log of deposit serial \(serial) does not match the contract's deposits(\(serial)): it is not credited")
        }
    }

    /// Records a deposit no block can hold, for eth_sender to refund, then
    /// waits until every deposit admitted before it is sealed: the deposit
    /// after it must start a block of its own, since the contract's queue
    /// is consumed in order and the refund comes between the two blocks.
    private func refuse(_ serial: UInt64, because reason: String) async throws {
        refused.insert(serial)
        logger.warning("an L1 deposit cannot be credited: it will be refunded on L1", metadata: ["serial": "\(serial)", "reason": "\(reason)"])
        let deadline = ContinuousClock.now + sealingWait
        while await context.keeper.pendingDepositCount > 0 {
            guard ContinuousClock.now < deadline else { throw L1Failure.depositsNotSealed(after: sealingWait) }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// A big-endian 32-byte word as an integer below `bound`.
    static func integer(_ word: [UInt8], below bound: UInt128) throws -> UInt128 {
        guard let value = ABI.uint(word) else { throw L1Failure.malformedEvent("a value above 2^128") }
        guard value < bound else { throw L1Failure.malformedEvent("a value of \(value), at or above \(bound)") }
        return value
    }
}

/// Why the L1 side of the node cannot go on.
public enum L1Failure: Error, CustomStringConvertible {
    case notDeployed(path: String)
    case otherChain(deployed: String, node: String)
    case otherL1(deployed: UInt64, endpoint: UInt64)
    case noBridgeKey
    case malformedEvent(String)
    case missingProof(block: UInt32)
    case depositsNotSealed(after: Duration)
    case notTheOperator(key: EthereumAddress, operator: EthereumAddress)
    case depositGap(block: UInt32, expected: UInt64, found: UInt64)
    case forgedBlock(block: UInt32, detail: String)
    case stuck(nonce: UInt64, versions: Int)
    case depositSkipped(read: UInt64, expected: UInt64)
    case deploymentAhead(block: UInt64, head: UInt64)
    case depositsUnread(held: UInt64, read: UInt64, block: UInt64)
    /// A node started without --l1 on a chain whose contracts are deployed.
    case settlesOnL1(rollup: String, l1ChainID: UInt64)
    /// The chain is bound to L1 contracts, but DATA/l1.json is gone.
    case deploymentMissing(path: String, rollup: String, l1ChainID: UInt64)
    /// l1.json names other contracts than those the chain is bound to.
    case otherContract(bound: String, boundL1: UInt64, stated: String, statedL1: UInt64)

    public var description: String {
        switch self {
        case .deploymentMissing(let path, let rollup, let l1ChainID):
            return "this data directory's chain is bound to the rollup contract \(rollup) on L1 chain \(l1ChainID), but \(path) is missing: "
                + "restore the file that `rollup contracts deploy` wrote (the chain runs only in L1 mode, on those contracts)"
        case .otherContract(let bound, let boundL1, let stated, let statedL1):
            return "the chain is bound to the rollup contract \(bound) on L1 chain \(boundL1) (its chain id binds it), but l1.json names \(stated) on L1 chain \(statedL1): "
                + "l1.json was edited or is another deployment's; restore the file that `rollup contracts deploy` wrote"
        case .settlesOnL1(let rollup, let l1ChainID):
            return "this chain settles on L1 (the rollup contract \(rollup) on L1 chain \(l1ChainID); DATA/l1.json): start the node with --l1 URL --l1-key FILE"
        case .notDeployed(let path): return "L1 mode needs \(path): deploy the chain's contracts first (`rollup contracts deploy`)"
        case .otherChain(let deployed, let node): return "l1.json's contracts are for chain \(deployed), this node's chain is \(node)"
        case .otherL1(let deployed, let endpoint): return "l1.json's contracts are on L1 chain \(deployed), the endpoint is L1 chain \(endpoint)"
        case .noBridgeKey: return "L1 mode admits the contract's deposits with the node's bridge key: DATA/bridge.key is needed"
        case .malformedEvent(let detail): return "the rollup contract's event is malformed: \(detail)"
        case .missingProof(let block): return "verified block \(block) has no stored proof to settle on L1"
        case .depositsNotSealed(let after): return "the deposits before a refused one were not sealed within \(after); reading deposits again"
        case .notTheOperator(let key, let `operator`):
            return "--l1-key is the key of \(key), but the rollup contract of l1.json is committed by \(`operator`): pass the operator's key that deployed it"
        case .depositGap(let block, let expected, let found):
            return "deposit block \(block) holds deposit serial \(found) where the contract's queue is at \(expected), and no refusal of the deposits between is known"
        case .stuck(let nonce, let versions):
            return "the L1 transaction of nonce \(nonce) was sent \(versions) times with rising fees and is still not mined: check the L1 endpoint, or raise the fee cap"
        case .depositSkipped(let read, let expected):
            return "the L1 endpoint's logs show deposit serial \(read) where serial \(expected) comes next: logs went missing (an endpoint that withholds them, or l1.json's deploymentBlock past the rollup contract's creation); no later deposit is credited until they are read"
        case .deploymentAhead(let block, let head):
            return "l1.json's deploymentBlock \(block) is past the L1 endpoint's head \(head): no contract is deployed in a block not yet mined (check l1.json, or the endpoint's chain)"
        case .depositsUnread(let held, let read, let block):
            return "the rollup contract holds \(held) deposits at L1 block \(block), but the endpoint's logs up to it showed \(read): logs went missing (an endpoint that withholds them, or l1.json's deploymentBlock past the rollup contract's creation)"
        case .forgedBlock(let block, let detail): return "stored block \(block)'s published authority does not check out (\(detail)): it is not what this node sealed"
        }
    }
}
