import APIContract
import Algebra
import ArgumentParser
import Foundation
import Groth16
import RollupTypes
import Support

/// `rollup wallet account [ID]`.
struct WalletAccountCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "account", abstract: "Show an account (default: this wallet's).")

    @OptionGroup var options: WalletOptions
    @Argument(help: "An account id.") var id: Int?

    func run() async throws {
        // What a node says of accounts is worth reading only from the pinned chain.
        _ = try await options.chain()
        let account: AccountView
        if let id { account = try await options.client.get("v1/accounts/\(id)") } else { account = try await options.ownAccount() }
        func state(_ name: String, _ state: AccountView.State?) -> String {
            guard let state else { return "\(name): none yet" }
            return "\(name): balance \(state.balance), nonce \(state.nonce)"
        }
        let lines = ["account \(account.id) \(account.publicKey)", state("verified", account.verified), state("committed", account.committed),
                     state("pending", account.pending)]
        options.emit(account, text: lines.joined(separator: "\n"))
    }
}

/// `rollup wallet tx HASH`.
struct WalletTransactionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tx", abstract: "Show a transaction and its status.")

    @OptionGroup var options: WalletOptions
    @Argument(help: "The transaction's hash.") var hash: String

    func validate() throws { try TransactionHash.check(hash) }

    func run() async throws {
        let tx: TransactionView = try await options.client.get("v1/transactions/\(hash)")
        options.emit(tx, text: WalletWaitCommand.describe(tx))
    }
}

/// `rollup wallet wait HASH`.
struct WalletWaitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wait", abstract: "Follow a transaction until it is verified (exit 0) or rejected (exit 1).")

    @OptionGroup var options: WalletOptions
    @Argument(help: "The transaction's hash.") var hash: String
    @Option(help: "Give up after this many seconds (exit 2).") var timeout: Double = 600

    func validate() throws { try TransactionHash.check(hash) }

    /// Follows the transaction by subscription where the node serves
    /// `GET /v1/ws`, printing the node's view of it at each change, and
    /// by polling every half second where it does not.
    func run() async throws {
        let deadline = ContinuousClock.now + .milliseconds(Int64(timeout * 1000))
        let client = try options.client
        let first: TransactionView = try await client.get("v1/transactions/\(hash)")
        options.emit(first, text: Self.describe(first))
        if try Self.settled(first) { return }
        let last = LastStatus(first.status)
        let outcome = try await TransactionSubscription(node: client.base, hash: first.hash).follow(until: deadline) { [options] event in
            guard last.change(to: event.status) else { return false }
            let tx: TransactionView = try await client.get("v1/transactions/\(first.hash)")
            options.emit(tx, text: Self.describe(tx))
            return tx.status == "verified" || tx.status == "rejected"
        }
        switch outcome {
        case .finished: if try Self.settled(try await client.get("v1/transactions/\(first.hash)")) { return }
        case .timedOut: throw ExitCode(2)
        case .unavailable: break
        }
        try await poll(until: deadline, after: last.value)
    }

    /// True once verified; exit 1 once rejected.
    static func settled(_ tx: TransactionView) throws -> Bool {
        if tx.status == "rejected" { throw ExitCode(1) }
        return tx.status == "verified"
    }

    /// Asks every half second until the transaction is verified, rejected or the deadline passes.
    private func poll(until deadline: ContinuousClock.Instant, after status: String) async throws {
        var last = status
        while ContinuousClock.now < deadline {
            let tx: TransactionView = try await options.client.get("v1/transactions/\(hash)")
            if tx.status != last {
                options.emit(tx, text: Self.describe(tx))
                last = tx.status
            }
            if tx.status == "verified" { return }
            if tx.status == "rejected" { throw ExitCode(1) }
            try await Task.sleep(for: .milliseconds(500))
        }
        throw ExitCode(2)
    }

    /// The last status printed, shared with the subscription's handler.
    private final class LastStatus: @unchecked Sendable {
        private let lock = NSLock()
        private var status: String

        init(_ status: String) { self.status = status }

        var value: String { lock.withLock { status } }

        /// Records `next`; false if it is the status already printed.
        func change(to next: String) -> Bool {
            lock.withLock {
                guard next != status else { return false }
                status = next
                return true
            }
        }
    }

    static func describe(_ tx: TransactionView) -> String {
        let name = tx.transaction.kind.map { type(of: $0).name } ?? "noop"
        let block = tx.block.map { " in block \($0)" } ?? ""
        let reason = tx.reason.map { ": \($0)" } ?? ""
        return "\(name) \(tx.hash) \(tx.status)\(block)\(reason)"
    }
}

/// `rollup wallet exit-proof ID`: fetches an account's exit proof and
/// checks it here, trusting nothing the node says: the Merkle path from the
/// account's leaf to the root; the block whose new root it is, its
/// commitment recomputed from its published number, fee and pubdata; and
/// that block's proof, under the verifying key and chain id the wallet
/// pinned (``ChainPin``). For block 0 the root must be the chain's genesis root.
struct WalletExitProofCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exit-proof", abstract: "Fetch an account's exit proof and check it locally, block proof included (exit 0 if it holds).")

    @OptionGroup var options: WalletOptions
    @Argument(help: "The account id.") var id: Int

    func run() async throws {
        let (chain, pin) = try await options.chain()
        let proof: ExitProofView = try await options.client.get("v1/accounts/\(id)/exit-proof")
        do { try proof.check() } catch { throw WalletFailure("the Merkle path check fails: the node's exit proof of account \(id) does not hold: \(error)") }
        guard let root = try? Fr(decimal: proof.root) else { throw WalletFailure("the exit proof's root is not a field element") }
        if proof.block == 0 {
            guard root == chain.parameters.genesisRoot(operatorKey: chain.operatorKey) else {
                throw WalletFailure("the root check fails: the exit proof names block 0, but its root is not the chain's genesis root")
            }
        } else {
            let block: BlockView = try await options.client.get("v1/blocks/\(proof.block)")
            try Self.check(block, proves: root, chain: chain, pin: pin)
        }
        options.emit(proof, text: "account \(proof.account): balance \(proof.balance), nonce \(proof.nonce), under the root of block \(proof.block) (\(proof.root)), "
            + "whose proof verifies under the pinned key; the proof holds")
    }

    /// Checks that `block`, as published, is proved to reach `root`: the
    /// root is its new root, its commitment is recomputed from its number,
    /// fee and pubdata, and its proof verifies with [old root, new root,
    /// commitment, chain id] under the pinned key of its type.
    static func check(_ block: BlockView, proves root: Fr, chain: ChainConfiguration, pin: ChainPin) throws {
        guard let type = BlockType(rawValue: block.type) else { throw WalletFailure("block \(block.number) has an unknown type \(block.type.prefix(40))") }
        guard let newRoot = try? Fr(decimal: block.newRoot), let oldRoot = try? Fr(decimal: block.oldRoot),
              let stated = try? Fr(decimal: block.commitment), let fee = CanonicalDecimal.parse(block.totalFee, as: UInt128.self),
              let pubdata = [UInt8](hex: block.pubdata)
        else { throw WalletFailure("block \(block.number) is malformed") }
        guard newRoot == root else {
            throw WalletFailure("the root check fails: the exit proof's root is not the new root of block \(block.number) (\(block.newRoot))")
        }
        let commitment = BlockCommitment.compute(blockNumber: block.number, totalFee: fee, pubdata: pubdata)
        guard commitment == stated else {
            throw WalletFailure("the commitment check fails: block \(block.number)'s number, fee and pubdata hash to \(commitment.decimalString), it states \(block.commitment)")
        }
        guard let json = block.proof, let proof = try? SnarkJSFormat.decodeProof(Data(json.text.utf8)) else {
            throw WalletFailure("the proof check fails: block \(block.number) has no readable proof")
        }
        let inputs = BlockCommitment.publicInputs(oldRoot: oldRoot, newRoot: newRoot, commitment: commitment, chainID: chain.chainID)
        guard (try? Groth16Verifier.verify(proof, inputs: inputs, key: PreparedVerifyingKey(try pin.verifyingKey(type)))) == true else {
            throw WalletFailure("the proof check fails: block \(block.number)'s proof does not verify under the pinned \(type.rawValue) key and chain id")
        }
    }
}

/// A transaction's id as the wallet takes it: "0x" and 64 hex digits, so
/// that what it asks the node is that transaction's path and nothing else.
enum TransactionHash {
    static func check(_ text: String) throws {
        guard text.utf8.count == 66, text.hasPrefix("0x"), text.dropFirst(2).allSatisfy(\.isHexDigit) else {
            throw ValidationError("a transaction hash is 0x and 64 hex digits, got \(text.prefix(80))")
        }
    }
}
