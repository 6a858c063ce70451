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

        public var description: String {
            switch self {
            case .rpc(let failure): return failure.description
            case .feeTooHigh(let baseFee, let tip, let cap):
                return "the L1 endpoint asks a base fee of \(baseFee) and a tip of \(tip) wei per gas: twice the base fee plus the tip is more than the \(cap) wei per gas paid at most"
            case .gasTooHigh(let estimate, let cap): return "the L1 endpoint estimates \(estimate) gas for the transaction, more than the \(cap) gas one transaction may take"
            case .impossibleNonce(let nonce): return "the L1 endpoint states the account's next nonce as \(nonce), which no account reaches: refusing to sign"
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
        do {
            return try await submit(to: to, data: data, value: value, onSent: onSent)
        } catch let failure as Failure {
            throw failure
        } catch let failure as JSONRPCClient.Failure {
            throw .rpc(failure)
        } catch {
            throw .rpc(.unreachable(url: rpc.url, detail: "\(error)"))
        }
    }

    /// ``send(to:data:value:onSent:)``'s work, every failure untyped.
    private func submit(to: EthereumAddress?, data: [UInt8], value: UInt128, onSent: @Sendable (String) -> Void) async throws -> Receipt {
        let call = CallRequest(from: key.address, to: to, value: Quantity(value), data: "0x" + data.hexString)
        let estimate: Quantity
        do { estimate = try await rpc.call("eth_estimateGas", [call]) } catch {
            // A call that reverts has no estimate: its reason is the answer.
            guard case .error(_, _, let message) = error else { throw error }
            throw Failure.reverted(hash: "(not sent)", detail: message)
        }
        let nonce: Quantity = try await rpc.call("eth_getTransactionCount", [key.address.description, "pending"])
        let latest: Block = try await rpc.call("eth_getBlockByNumber", LatestBlock())
        let priority: Quantity = try await rpc.call("eth_maxPriorityFeePerGas", [String]())
        guard estimate.value <= UInt128(maxGas) else { throw Failure.gasTooHigh(estimate: estimate.value, cap: maxGas) }
        guard let nextNonce = nonce.uint64, nextNonce < UInt64(UInt32.max) else { throw Failure.impossibleNonce(nonce.value) }
        let (baseFee, tip) = (latest.baseFeePerGas.value, priority.value)
        guard baseFee <= maxFeePerGas / 2, tip <= maxFeePerGas - 2 * baseFee else { throw Failure.feeTooHigh(baseFee: baseFee, tip: tip, cap: maxFeePerGas) }
        let gas = UInt64(estimate.value)
        let transaction = EIP1559Transaction(
            chainID: chainID, nonce: nextNonce, maxPriorityFeePerGas: tip, maxFeePerGas: 2 * baseFee + tip, gasLimit: min(gas + gas / 5, maxGas), to: to,
            value: value, data: data)
        let (raw, _) = transaction.signed(by: key)
        let hash: String = try await rpc.call("eth_sendRawTransaction", ["0x" + raw.hexString])
        onSent(hash)
        return try await receipt(of: hash)
    }

    /// The receipt of `hash` once mined, within ``receiptTimeout``. A
    /// shutdown (cancellation) stops the wait: the transaction may still be
    /// mined, and the contract's own state tells.
    private func receipt(of hash: String) async throws -> Receipt {
        let sentAt = ContinuousClock.now
        while ContinuousClock.now < sentAt + receiptTimeout {
            if Task.isCancelled { break }
            if let receipt: Receipt = try await rpc.call("eth_getTransactionReceipt", [hash], as: Receipt?.self) {
                guard receipt.status.value == 1 else { throw Failure.reverted(hash: hash, detail: "status 0 in block \(receipt.blockNumber.value)") }
                return receipt
            }
            try? await Task.sleep(for: .milliseconds(200))
        }
        throw Failure.notMined(hash: hash, after: ContinuousClock.now - sentAt)
    }

    /// `eth_call` of `data` on `to` at the latest block: the returned bytes.
    public func call(_ to: EthereumAddress, data: [UInt8]) async throws(Failure) -> [UInt8] {
        let request = CallRequest(from: key.address, to: to, value: Quantity(0), data: "0x" + data.hexString)
        let answer: String
        do { answer = try await rpc.call("eth_call", EthCall(request: request)) } catch { throw .rpc(error) }
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

    /// [call, "latest"]
    private struct EthCall: Encodable {
        let request: CallRequest

        func encode(to encoder: any Encoder) throws {
            var container = encoder.unkeyedContainer()
            try container.encode(request)
            try container.encode("latest")
        }
    }
}
