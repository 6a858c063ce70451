import APIContract
import ArgumentParser
import Ethereum
import Foundation
import RollupTypes
import Settlement
import Support

/// The L1 options of `rollup wallet deposit --l1` and `rollup wallet withdraw`.
struct L1Options: ParsableArguments {
    @Option(help: ArgumentHelp("The L1 node's JSON-RPC endpoint (deposit: pay through the chain's L1 contract instead of a bridge key).", valueName: "url"))
    var l1: String?

    @Option(help: ArgumentHelp("A file holding the L1 private key (0x and 64 hex digits) that pays or withdraws.", valueName: "file"))
    var l1Key: String?
}

/// The chain's L1 contract as the wallet trusts it, and a transactor on it.
struct L1Session {
    let settlement: SettlementView
    let rollup: EthereumAddress
    let transactor: L1Transactor

    /// The node's stated contract, pinned on first use (later ones must be
    /// the pinned one), whose L1 chain is the endpoint's and whose code is
    /// contracts/Rollup.vy deployed for the pinned chain, with verifiers
    /// holding the pinned verifying keys (``DeployedCode``): a node cannot
    /// direct the wallet's money to another chain's contract, or to an
    /// impostor, even on first use.
    static func open(_ options: WalletOptions, _ l1: L1Options) async throws -> L1Session {
        guard let url = l1.l1, let keyFile = l1.l1Key else { throw WalletFailure("--l1 and --l1-key go together") }
        let key = try EthereumKey(file: keyFile)
        var (_, pin) = try await options.chain()
        let view: ChainView = try await options.client.get("v1/chain")
        if let difference = pin.difference(from: view) { throw WalletFailure("refusing the node at \(options.node): \(difference)") }
        guard let settlement = view.settlement else { throw WalletFailure("the node at \(options.node) states no L1 contract (no `settlement` in GET /v1/chain: it runs without --l1, or hides it)") }
        let rollup: EthereumAddress
        do { rollup = try EthereumAddress(settlement.rollup) } catch { throw WalletFailure("the node states an L1 contract that is no address: \(error)") }
        let transactor = try await L1Transactor.connect(try JSONRPCClient(url), key: key)
        guard transactor.chainID == settlement.l1ChainId else {
            throw WalletFailure("the node's contract is on L1 chain \(settlement.l1ChainId), the endpoint \(url) is L1 chain \(transactor.chainID)")
        }
        let keys = try Dictionary(uniqueKeysWithValues: RollupContract.blockTypes.map { ($0, try pin.verifyingKey($0)) })
        do {
            try await DeployedCode.check(rollup: rollup, chain: try ChainID(hex: pin.chainId), verifyingKeys: keys, operator: nil, on: transactor)
        } catch {
            throw WalletFailure("refusing the L1 contract the node at \(options.node) states: \(error)")
        }
        if pin.settlement == nil {
            pin.settlement = settlement
            try options.write(pin)
        }
        return L1Session(settlement: settlement, rollup: rollup, transactor: transactor)
    }

    /// The wei an address may withdraw.
    func withdrawable(_ owner: EthereumAddress) async throws -> UInt128 {
        let word = try await transactor.call(rollup, data: RollupContract.withdrawable(owner))
        guard let wei = ABI.uint(word) else { throw WalletFailure("the contract's withdrawable() answer is malformed") }
        return wei
    }
}

/// What `rollup wallet deposit --l1` prints.
struct L1DepositView: Codable {
    let l1Transaction: String
    let serial: String
    let amount: String
    let wei: String
    let rollup: String
}

/// `rollup wallet withdraw`.
struct WalletWithdrawCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "withdraw", abstract: "Withdraw on L1 what verified exits left an L1 address (default: the L1 key's own).")

    @OptionGroup var options: WalletOptions
    @OptionGroup var l1: L1Options

    @Option(help: "The L1 address to pay (anyone may withdraw for any address; it is paid, not the caller).")
    var to: String?

    struct Answer: Codable {
        let l1Transaction: String
        let to: String
        let wei: String
    }

    func run() async throws {
        let session = try await L1Session.open(options, l1)
        let owner: EthereumAddress
        do { owner = try to.map(EthereumAddress.init) ?? session.transactor.key.address } catch { throw WalletFailure("--to: \(error)") }
        let amount = try await session.withdrawable(owner)
        guard amount > 0 else { throw WalletFailure("\(owner) has nothing to withdraw: no verified exit paid it, or it withdrew already") }
        let receipt = try await session.transactor.send(to: session.rollup, data: RollupContract.withdraw(owner))
        options.emit(Answer(l1Transaction: receipt.transactionHash, to: owner.description, wei: String(amount)),
                     text: "withdrew \(amount) wei to \(owner) (L1 transaction \(receipt.transactionHash))")
    }
}
