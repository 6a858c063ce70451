import APIContract
import Foundation

/// Where settlement on L1 stands, written by L1 mode's eth_watch and
/// eth_sender and read by GET /v1/status and GET /metrics.
public final class SettlementProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var state = StatusView.Settlement(l1Head: nil, committedOnL1: 0, provedOnL1: 0, pendingTransaction: nil, gasSpent: "0", problem: nil)
    private var gas: UInt128 = 0

    public init() {}

    /// The state now.
    public var view: StatusView.Settlement { lock.withLock { state } }

    public func headSeen(_ head: UInt64) { lock.withLock { state.l1Head = head } }

    public func contractRead(committed: UInt64, proved: UInt64) {
        lock.withLock {
            state.committedOnL1 = committed
            state.provedOnL1 = proved
        }
    }

    public func sent(_ hash: String) { lock.withLock { state.pendingTransaction = hash } }

    /// A transaction mined, with the gas it used.
    public func mined(gasUsed: UInt128) {
        lock.withLock {
            gas += gasUsed
            state.gasSpent = String(gas)
            state.pendingTransaction = nil
            state.problem = nil
        }
    }

    public func failed(_ problem: String) {
        lock.withLock {
            state.problem = String(problem.prefix(500))
            state.pendingTransaction = nil
        }
    }

    public func succeeded() { lock.withLock { state.problem = nil } }
}
