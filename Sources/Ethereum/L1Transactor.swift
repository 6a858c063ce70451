import Foundation
import Support

/// Sends one account's L1 transactions one at a time and waits for each
/// receipt: the next nonce from the endpoint, EIP-1559 fees of twice the
/// latest base fee plus the endpoint's priority fee, and the gas the
/// endpoint estimates with a fifth more, within caps: the endpoint is
/// outside the process, and what it states is checked before anything is
/// signed. The commands (deployment, wallet deposits and withdrawals) and
/// the node's eth_sender send with it.
public struct L1Transactor: Sendable {
    public let rpc: JSONRPCClient
    public let key: EthereumKey
    public let chainID: UInt64
    /// How long a transaction may take to be mined.
    public var receiptTimeout: Duration = .seconds(120)
    /// The most it pays per gas (the max fee, 1,000 gwei): an endpoint whose
    /// fees ask more is refused, not paid.
    public var maxFeePerGas: UInt128 = 1_000_000_000_000
    /// The most gas one transaction may take: a larger estimate is refused.
    public var maxGas: UInt64 = 30_000_000

    /// Why a transaction did not go through.
    public enum Failure: Error, CustomStringConvertible {
        case rpc(JSONRPCClient.Failure)
        case reverted(hash: String, detail: String)
        case notMined(hash: String, after: Duration)
        /// The endpoint's base fee and tip ask more per gas than ``maxFeePerGas``.
        case feeTooHigh(baseFee: UInt128, tip: UInt128, cap: UInt128)
        /// The endpoint's estimate is above ``maxGas``.
        case gasTooHigh(estimate: UInt128, cap: UInt64)
        /// The endpoint states a nonce no account reaches.
        case impossibleNonce(UInt128)
        /// A replacement with fees an eighth higher would pay more per gas than ``maxFeePerGas``.
        case replacementAboveCap(maxFeePerGas: UInt128, cap: UInt128)
        /// The endpoint's receipt does not hold for the transaction asked about: another's, a status other than 0 or 1, or more gas used than its limit.
        case receiptDoesNotHold(hash: String, detail: String)

        public var description: String {
            switch self {
            case .rpc(let failure): return failure.description
            case .feeTooHigh(let baseFee, let tip, let cap):
                return "the L1 endpoint asks a base fee of \(baseFee) and a tip of \(tip) wei per gas: twice the base fee plus the tip is more than the \(cap) wei per gas paid at most"
            case .gasTooHigh(let estimate, let cap): return "the L1 endpoint estimates \(estimate) gas for the transaction, more than the \(cap) gas one transaction may take"
            case .replacementAboveCap(let fee, let cap):
                return "replacing the stuck L1 transaction needs a max fee of \(fee) wei per gas, more than the \(cap) paid at most: it is left to be mined as it is"
            case .impossibleNonce(let nonce): return "the L1 endpoint states the account's next nonce as \(nonce), which no account reaches: refusing to sign"
            case .receiptDoesNotHold(let hash, let detail): return "the L1 endpoint's receipt for \(hash) does not hold (\(detail)): it is not taken"
            case .reverted(let hash, let detail): return "L1 transaction \(hash) reverted: \(detail)"
            case .notMined(let hash, let after): return "L1 transaction \(hash) was not mined within \(after)"
            }
        }
    }

    /// A mined transaction's receipt, as far as the commands read it.
    public struct Receipt: Decodable, Sendable {
        public let transactionHash: String
        public let blockNumber: Quantity
        public let status: Quantity
        public let gasUsed: Quantity
        public let contractAddress: EthereumAddress?
        public let logs: [Log]

        /// An event the transaction emitted.
        public struct Log: Decodable, Sendable {
            public let address: EthereumAddress
            public let topics: [String]
            public let data: String
        }
    }

    private struct Block: Decodable {
        let number: Quantity
        let baseFeePerGas: Quantity
    }

    private struct CallRequest: Encodable {
        let from: EthereumAddress
        let to: EthereumAddress?
        let value: Quantity
        let data: String
    }

    /// Connects to `rpc` as `key`, reading the endpoint's chain id.
    public static func connect(_ rpc: JSONRPCClient, key: EthereumKey) async throws(Failure) -> L1Transactor {
        let chain: Quantity
        do { chain = try await rpc.call("eth_chainId", [String]()) } catch { throw .rpc(error) }
        guard let chainID = chain.uint64 else { throw .rpc(.malformed(method: "eth_chainId", detail: "a chain id above 2^64")) }
        return L1Transactor(rpc: rpc, key: key, chainID: chainID)
    }

    /// Sends `data` to `to` (nil: deploys it) with `value` wei; returns its
    /// receipt once mined, or throws with the revert reason. `onSent` gets
    /// its hash once the endpoint took it.
    @discardableResult
    public func send(
        to: EthereumAddress?, data: [UInt8], value: UInt128 = 0, onSent: @Sendable (String) -> Void = { _ in }
    ) async throws(Failure) -> Receipt {
        do { return try await submit(to: to, data: data, value: value, onSent: onSent) } catch { throw Self.typed(error, rpc) }
    }

    /// ``send(to:data:value:onSent:)``'s work, every failure untyped.
    private func submit(to: EthereumAddress?, data: [UInt8], value: UInt128, onSent: @Sendable (String) -> Void) async throws -> Receipt {
        let transaction = try await prepared(to: to, data: data, value: value)
        let hash = try await broadcast(transaction.signed(by: key).raw)
        onSent(hash)
        return try await receipt(of: hash, gasLimit: transaction.gasLimit)
    }

    /// The next transaction of this account, unsigned: the endpoint's
    /// pending nonce, its gas estimate with a fifth more, and fees of twice
    /// the latest base fee plus its priority fee, each checked against the
    /// caps. A call that would revert throws ``Failure/reverted(hash:detail:)``
    /// with its reason, and nothing is signed.
    public func prepare(to: EthereumAddress?, data: [UInt8], value: UInt128 = 0) async throws(Failure) -> EIP1559Transaction {
        do { return try await prepared(to: to, data: data, value: value) } catch { throw Self.typed(error, rpc) }
    }

    private func prepared(to: EthereumAddress?, data: [UInt8], value: UInt128) async throws -> EIP1559Transaction {
        let call = CallRequest(from: key.address, to: to, value: Quantity(value), data: "0x" + data.hexString)
        let estimate: Quantity
        do { estimate = try await rpc.call("eth_estimateGas", [call]) } catch {
            // A call that reverts has no estimate: its reason is the answer.
            guard case .error(_, _, let message) = error else { throw error }
            throw Failure.reverted(hash: "(not sent)", detail: message)
        }
        let nonce: Quantity = try await rpc.call("eth_getTransactionCount", [key.address.description, "pending"])
        guard estimate.value <= UInt128(maxGas) else { throw Failure.gasTooHigh(estimate: estimate.value, cap: maxGas) }
        guard let nextNonce = nonce.uint64, nextNonce < UInt64(UInt32.max) else { throw Failure.impossibleNonce(nonce.value) }
        let (maxFee, tip) = try await currentFees()
        let gas = UInt64(estimate.value)
        return EIP1559Transaction(
            chainID: chainID, nonce: nextNonce, maxPriorityFeePerGas: tip, maxFeePerGas: maxFee, gasLimit: min(gas + gas / 5, maxGas), to: to,
            value: value, data: data)
    }

    /// The fees a transaction sent now pays: twice the latest base fee plus
    /// the endpoint's priority fee, and that priority fee; within ``maxFeePerGas``.
    private func currentFees() async throws -> (maxFeePerGas: UInt128, tip: UInt128) {
        let latest: Block = try await rpc.call("eth_getBlockByNumber", LatestBlock())
        let priority: Quantity = try await rpc.call("eth_maxPriorityFeePerGas", [String]())
        let (baseFee, tip) = (latest.baseFeePerGas.value, priority.value)
        guard baseFee <= maxFeePerGas / 2, tip <= maxFeePerGas - 2 * baseFee else { throw Failure.feeTooHigh(baseFee: baseFee, tip: tip, cap: maxFeePerGas) }
        return (2 * baseFee + tip, tip)
    }

    /// `transaction` again with fees that replace it in an L1 node's pool:
    /// each at least an eighth above the old one (nodes ask a tenth) and at
    /// least the fees a transaction sent now pays; refused above ``maxFeePerGas``.
    public func bumped(_ transaction: EIP1559Transaction) async throws(Failure) -> EIP1559Transaction {
        let now: (maxFeePerGas: UInt128, tip: UInt128)
        do { now = try await currentFees() } catch { throw Self.typed(error, rpc) }
        var replacement = transaction
        replacement.maxPriorityFeePerGas = max(now.tip, transaction.maxPriorityFeePerGas + transaction.maxPriorityFeePerGas / 8 + 1)
        replacement.maxFeePerGas = max(now.maxFeePerGas, transaction.maxFeePerGas + transaction.maxFeePerGas / 8 + 1, replacement.maxPriorityFeePerGas)
        guard replacement.maxFeePerGas <= maxFeePerGas else { throw .replacementAboveCap(maxFeePerGas: replacement.maxFeePerGas, cap: maxFeePerGas) }
        return replacement
    }

    /// Hands a signed transaction to the endpoint; its hash. Handing the
    /// same transaction again is harmless: an endpoint that says it knows
    /// it already is taken at its word, and the hash is the raw bytes'.
    public func broadcast(_ raw: [UInt8]) async throws(Failure) -> String {
        do {
            return try await rpc.call("eth_sendRawTransaction", ["0x" + raw.hexString])
        } catch {
            guard case .error(_, _, let message) = error, message.lowercased().contains("already known") else { throw .rpc(error) }
            return "0x" + Keccak256.hash(raw).hexString
        }
    }

    /// The receipt of `hash` if it is mined (nil if not yet), reverted or
    /// not; one that is not of `hash`, or states more gas used than
    /// `gasLimit`, throws ``Failure/receiptDoesNotHold(hash:detail:)``.
    public func receiptIfMined(_ hash: String, gasLimit: UInt64) async throws(Failure) -> Receipt? {
        let receipt: Receipt?
        do { receipt = try await rpc.call("eth_getTransactionReceipt", [hash], as: Receipt?.self) } catch { throw .rpc(error) }
        guard let receipt else { return nil }
        // The endpoint is outside the process: a receipt must be of this transaction, and within what it could spend.
        guard receipt.transactionHash.lowercased() == hash.lowercased() else {
            throw .receiptDoesNotHold(hash: hash, detail: "it is the receipt of \(receipt.transactionHash.prefix(66))")
        }
        guard receipt.status.value <= 1 else { throw .receiptDoesNotHold(hash: hash, detail: "status \(receipt.status.value)") }
        guard receipt.gasUsed.value <= UInt128(gasLimit) else {
            throw .receiptDoesNotHold(hash: hash, detail: "\(receipt.gasUsed.value) gas used, above its gas limit of \(gasLimit)")
        }
        return receipt
    }

    /// Whether the endpoint knows the transaction `hash` (in its pool or mined).
    public func isKnown(_ hash: String) async throws(Failure) -> Bool {
        do { return try await rpc.call("eth_getTransactionByHash", [hash], as: TransactionPresence?.self) != nil } catch { throw .rpc(error) }
    }

    /// A transaction as far as ``isKnown(_:)`` reads it.
    private struct TransactionPresence: Decodable {
        let hash: String
    }

    /// The account's transactions mined so far (its `latest` nonce).
    public func minedNonce() async throws(Failure) -> UInt64 {
        let nonce: Quantity
        do { nonce = try await rpc.call("eth_getTransactionCount", [key.address.description, "latest"]) } catch { throw .rpc(error) }
        guard let value = nonce.uint64, value < UInt64(UInt32.max) else { throw .impossibleNonce(nonce.value) }
        return value
    }

    private static func typed(_ error: any Error, _ rpc: JSONRPCClient) -> Failure {
        if let failure = error as? Failure { return failure }
        if let failure = error as? JSONRPCClient.Failure { return .rpc(failure) }
        return .rpc(.unreachable(url: rpc.url, detail: "\(error)"))
    }

    /// The receipt of `hash` once mined, within ``receiptTimeout``. A
    /// shutdown (cancellation) stops the wait: the transaction may still be
    /// mined, and the contract's own state tells.
    private func receipt(of hash: String, gasLimit: UInt64) async throws -> Receipt {
        let sentAt = ContinuousClock.now
        while ContinuousClock.now < sentAt + receiptTimeout {
            if Task.isCancelled { break }
            if let receipt = try await receiptIfMined(hash, gasLimit: gasLimit) {
                guard receipt.status.value == 1 else { throw Failure.reverted(hash: hash, detail: "status 0 in block \(receipt.blockNumber.value)") }
                return receipt
            }
            try? await Task.sleep(for: .milliseconds(200))
        }
        throw Failure.notMined(hash: hash, after: ContinuousClock.now - sentAt)
    }

    /// `eth_call` of `data` on `to` at `block` (the latest when nil): the returned bytes.
    public func call(_ to: EthereumAddress, data: [UInt8], atBlock block: UInt64? = nil) async throws(Failure) -> [UInt8] {
        let request = CallRequest(from: key.address, to: to, value: Quantity(0), data: "0x" + data.hexString)
        let answer: String
        let tag = block.map { "0x" + String($0, radix: 16) } ?? "latest"
        do { answer = try await rpc.call("eth_call", EthCall(request: request, block: tag)) } catch { throw .rpc(error) }
        guard let bytes = [UInt8](hex: answer) else { throw .rpc(.malformed(method: "eth_call", detail: "the result is not hex")) }
        return bytes
    }

    /// ["latest", false]
    private struct LatestBlock: Encodable {
        func encode(to encoder: any Encoder) throws {
            var container = encoder.unkeyedContainer()
            try container.encode("latest")
            try container.encode(false)
        }
    }

    /// [call, block]
    private struct EthCall: Encodable {
        let request: CallRequest
        /// "latest", or a block number as a quantity.
        let block: String

        func encode(to encoder: any Encoder) throws {
            var container = encoder.unkeyedContainer()
            try container.encode(request)
            try container.encode(block)
        }
    }
}
