import APIContract
import ArgumentParser
import Foundation
import RollupTypes

/// `rollup wallet account [ID]`.
struct WalletAccountCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "account", abstract: "Show an account (default: this wallet's).")

    @OptionGroup var options: WalletOptions
    @Argument(help: "An account id.") var id: Int?

    func run() async throws {
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

    func run() async throws {
        let deadline = ContinuousClock.now + .milliseconds(Int64(timeout * 1000))
        var last = ""
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

    static func describe(_ tx: TransactionView) -> String {
        let name = tx.transaction.kind.map { type(of: $0).name } ?? "noop"
        let block = tx.block.map { " in block \($0)" } ?? ""
        let reason = tx.reason.map { ": \($0)" } ?? ""
        return "\(name) \(tx.hash) \(tx.status)\(block)\(reason)"
    }
}

/// `rollup wallet exit-proof ID`: fetches an account's exit proof and checks
/// it here: the leaf from the account's fields, the path to the root, and
/// the root against the verified block the node names.
struct WalletExitProofCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exit-proof", abstract: "Fetch an account's exit proof and check it locally (exit 0 if it holds).")

    @OptionGroup var options: WalletOptions
    @Argument(help: "The account id.") var id: Int

    func run() async throws {
        let proof: ExitProofView = try await options.client.get("v1/accounts/\(id)/exit-proof")
        do { try proof.check() } catch { throw WalletFailure("the node's exit proof of account \(id) does not hold: \(error)") }
        if proof.block > 0 {
            let block: BlockView = try await options.client.get("v1/blocks/\(proof.block)")
            guard block.status == "verified", block.newRoot == proof.root else {
                throw WalletFailure("block \(proof.block) is \(block.status) with new root \(block.newRoot), not the verified root \(proof.root) of the proof")
            }
        }
        options.emit(proof, text: "account \(proof.account): balance \(proof.balance), nonce \(proof.nonce), under the root of verified block \(proof.block) (\(proof.root)); the proof holds")
    }
}
