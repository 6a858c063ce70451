import APIServer
import BlockVerification
import Ethereum
import Foundation
import Groth16
import Logging
import ServiceLifecycle
import Settlement
import RollupTypes
import Storage
import Support

/// eth_sender: settles every block the node verified on the rollup
/// contract, in order, up to ``L1Configuration/blocksPerTransaction`` per
/// L1 transaction (`commitAndProveBlocks`; `proveBlocks` for blocks an
/// earlier run committed but did not prove). What to send next is read
/// from the contract itself, and the contract refuses a block whose old
/// root is not its last committed root.
///
/// One transaction is in flight at a time, recorded in ``L1Outbox``
/// before it is handed to the endpoint; nothing else is sent until a
/// version of it is mined. A transaction unmined after
/// ``L1Configuration/stuckAfter`` is replaced by one with fees an eighth
/// higher (same nonce); one the endpoint does not know is handed over
/// again. So a kill -9 at any point neither sends a block twice nor skips
/// one. Failures pause the sender for ``L1Configuration/pollInterval``,
/// doubling with each failure in a row up to ``L1Configuration/maxBackoff``.
///
/// Deposits that eth_watch refused for good (``RefusedDeposits``) are
/// refunded with `skipDeposits` when the contract's queue reaches them,
/// before the next deposit block. The serials a deposit block consumes are
/// read from its published authority, whose bridge signatures are checked:
/// the database is outside the process, and it cannot make the sender
/// refund a deposit that a block holds.
struct L1BlockSender: Service {
    let transactor: L1Transactor
    let deployment: L1Deployment
    let configuration: L1Configuration
    let store: any NodeStore
    /// The chain's signing domain: the bridge signatures of deposit blocks.
    let domain: SigningDomain
    let refused: RefusedDeposits
    let outbox: L1Outbox
    let progress: SettlementProgress
    let logger: Logger

    /// What to do after a step.
    enum Next {
        /// Step again at once.
        case now
        /// A transaction is in flight: ask for its receipt after ``L1Configuration/receiptInterval``.
        case receipt
        /// Nothing to send: look again after ``L1Configuration/pollInterval``.
        case poll
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            var failures = 0
            while !Task.isCancelled {
                let pause: Duration
                do {
                    switch try await step() {
                    case .now: pause = .zero
                    case .receipt: pause = configuration.receiptInterval
                    case .poll: pause = configuration.pollInterval
                    }
                    failures = 0
                    progress.succeeded()
                } catch {
                    failures += 1
                    pause = backoff(after: failures)
                    progress.failed("settling blocks: \(error)")
                    logger.warning("settling blocks on L1 failed; trying again", metadata: ["error": "\(error)", "pause": "\(pause)"])
                }
                if pause > .zero {
                    do { try await Task.sleep(for: pause) } catch { return }
                }
            }
        }
    }

    /// The pause after `failures` failures in a row.
    func backoff(after failures: Int) -> Duration {
        var pause = configuration.pollInterval
        for _ in 1..<min(failures, 20) where pause < configuration.maxBackoff { pause *= 2 }
        return min(pause, configuration.maxBackoff)
    }

    /// Follows the transaction in flight, or sends the next one.
    func step() async throws -> Next {
        if let entry = try outbox.load() { return try await follow(entry) }
        guard let (purpose, data) = try await nextCall() else { return .poll }
        let transaction = try await transactor.prepare(to: deployment.rollup, data: data)
        let signed = transaction.signed(by: transactor.key)
        let entry = L1Outbox.Entry(purpose: purpose, transaction: transaction, to: deployment.rollup, signed: signed)
        try outbox.save(entry)
        let hash = try await transactor.broadcast(signed.raw)
        progress.sent(hash)
        logger.info("sent an L1 transaction", metadata: ["purpose": "\(purpose)", "hash": "\(hash)", "nonce": "\(transaction.nonce)"])
        return .receipt
    }

    /// The transaction in flight: done once a version of it is mined (or
    /// its nonce is used), replaced with higher fees once stuck, handed
    /// over again if the endpoint does not know it.
    private func follow(_ entry: L1Outbox.Entry) async throws -> Next {
        for hash in entry.hashes.reversed() {
            guard let receipt = try await takenReceipt(hash, gasLimit: entry.gasLimit) else { continue }
            try outbox.clear()
            progress.mined(gasUsed: receipt.gasUsed.value)
            if receipt.status.value == 1 {
                logger.info("L1 transaction mined", metadata: ["purpose": "\(entry.purpose)", "hash": "\(hash)", "gas": "\(receipt.gasUsed.value)"])
            } else {
                // The contract's state decides what is sent next.
                logger.warning("L1 transaction reverted", metadata: ["purpose": "\(entry.purpose)", "hash": "\(hash)"])
            }
            return .now
        }
        if try await transactor.minedNonce() > entry.nonce {
            // Its nonce went to a transaction of this key that the outbox does not name.
            try outbox.clear()
            logger.warning("the L1 transaction in flight was replaced outside this node", metadata: ["purpose": "\(entry.purpose)", "nonce": "\(entry.nonce)"])
            return .now
        }
        let waited = Duration.milliseconds(UnixTime.milliseconds() - entry.sentAt)
        if waited >= configuration.stuckAfter {
            guard entry.hashes.count < L1Outbox.maxVersions else { throw L1Failure.stuck(nonce: entry.nonce, versions: entry.hashes.count) }
            let replacement = try await transactor.bumped(entry.transaction(chainID: transactor.chainID))
            let signed = replacement.signed(by: transactor.key)
            try outbox.save(entry.replaced(by: replacement, signed: signed))
            let hash = try await transactor.broadcast(signed.raw)
            progress.sent(hash)
            logger.warning("raised the fees of an L1 transaction not mined in time", metadata: [
                "purpose": "\(entry.purpose)", "hash": "\(hash)", "maxFeePerGas": "\(replacement.maxFeePerGas)", "waited": "\(waited)",
            ])
            return .receipt
        }
        if let newest = entry.hashes.last, !(try await transactor.isKnown(newest)), let raw = [UInt8](hex: entry.raw) {
            _ = try await transactor.broadcast(raw)
            logger.info("handed the L1 transaction in flight to the endpoint again", metadata: ["purpose": "\(entry.purpose)", "hash": "\(newest)"])
        }
        return .receipt
    }

    /// The receipt of `hash`; nil when there is none yet, or when the
    /// endpoint's does not hold (another transaction's, or more gas than
    /// the limit), which is stated as the problem and left for the
    /// nonce and the contract's own state to settle.
    private func takenReceipt(_ hash: String, gasLimit: UInt64) async throws -> L1Transactor.Receipt? {
        do { return try await transactor.receiptIfMined(hash, gasLimit: gasLimit) } catch {
            guard case .receiptDoesNotHold = error else { throw error }
            progress.failed(error.description)
            logger.warning("an L1 receipt does not hold", metadata: ["error": "\(error)"])
            return nil
        }
    }

    /// The contract call that settles what comes next, and what it does;
    /// nil when everything verified is settled.
    func nextCall() async throws -> (purpose: String, data: [UInt8])? {
        let committed = try await read("committedBlocks")
        let proved = try await read("verifiedBlocks")
        progress.contractRead(committed: committed, proved: proved)
        let verified = UInt64(try store.lastVerifiedBlock())
        let batch = UInt64(configuration.blocksPerTransaction)
        if committed > proved {
            let last = min(committed, proved + batch, verified)
            guard last > proved else { return nil }
            let proofs = try (proved + 1...last).map { try proof(UInt32($0)) }
            return ("proveBlocks \(proved + 1)…\(last)", RollupContract.prove(proofs))
        }
        guard verified > proved else { return nil }
        let consumed = try await read("depositsConsumed")
        refused.forget(below: consumed)
        let skips = refused.run(from: consumed, limit: RollupContract.maxSkips)
        if skips > 0 {
            return ("skipDeposits of serials \(consumed)…\(consumed + UInt64(skips) - 1), refunded", RollupContract.skipDeposits(skips))
        }
        let end = min(verified, proved + batch)
        var expected = consumed
        var blocks = [RollupContract.SettledBlock]()
        for stored in try store.blocks(from: UInt32(proved + 1), limit: Int(end - proved)) {
            if stored.type == .deposit {
                let serials = try depositSerials(stored)
                if let first = serials.first, first != expected {
                    // A refund comes first: the next transaction starts with this block.
                    guard blocks.isEmpty else { break }
                    throw L1Failure.depositGap(block: stored.number, expected: expected, found: first)
                }
                expected += UInt64(serials.count)
            }
            blocks.append(RollupContract.SettledBlock(
                type: stored.type, oldRoot: stored.oldRoot, newRoot: stored.newRoot, totalFee: stored.totalFee, pubdata: stored.pubdata,
                proof: try proof(stored.number)))
        }
        return ("commitAndProveBlocks \(proved + 1)…\(proved + UInt64(blocks.count))", RollupContract.commitAndProve(blocks))
    }

    /// The serials a deposit block consumes, in slot order, from its
    /// published authority, each signed by the bridge for this chain.
    private func depositSerials(_ block: StoredBlock) throws -> [UInt64] {
        do {
            return try PubdataReplay.publishedSequences(
                type: .deposit, pubdata: block.pubdata, authority: block.authority, slots: block.pubdata.count / Deposit.pubdataBytes, domain: domain)
        } catch {
            throw L1Failure.forgedBlock(block: block.number, detail: "slot \(error.slot): \(error.failure)")
        }
    }

    private func proof(_ block: UInt32) throws -> Proof {
        guard let json = try store.proof(block: block) else { throw L1Failure.missingProof(block: block) }
        return try SnarkJSFormat.decodeProof(Data(json.utf8))
    }

    private func read(_ name: String) async throws -> UInt64 {
        let word = try await transactor.call(deployment.rollup, data: RollupContract.read(name))
        guard let value = ABI.uint(word).flatMap(UInt64.init(exactly:)) else { throw L1Failure.malformedEvent("\(name)() answered \(word.count) bytes, not a block count") }
        return value
    }
}
