import Algebra
import Ethereum
import APIContract
import ArgumentParser
import Foundation
import Primitives
import RollupTypes
import Settlement
import Support

/// `rollup wallet …`: a terminal wallet for the node's API. It links the
/// API's contract, not its server.
public struct WalletCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "wallet",
        abstract: "A wallet: an encrypted keystore, deposits (development bridge), transfers, exits and tracking.",
        subcommands: [
            WalletNewCommand.self, WalletAddressCommand.self, WalletDepositCommand.self,
        ] + WalletKindCommands.all + [
            WalletAccountCommand.self, WalletTransactionCommand.self, WalletWaitCommand.self, WalletExitProofCommand.self,
            WalletWithdrawCommand.self,
        ]
    )

    public init() {}
}

/// Options every wallet command shares.
struct WalletOptions: ParsableArguments {
    @Option(help: "The node's URL.")
    var node: String = "http://127.0.0.1:8080"

    @Option(help: "The keystore file.")
    var keystore: String = "wallet.json"

    @Option(help: "Read the passphrase from this file (else $ROLLUP_PASSPHRASE, else a prompt).")
    var passphraseFile: String?

    @Flag(help: "Print one JSON object per line instead of text.")
    var json = false

    @Option(help: ArgumentHelp("On first contact, pin these verifying keys (TYPE.json, snarkjs JSON, one for each block type) instead of the node's.", valueName: "dir"))
    var vk: String?

    var client: NodeClient { get throws { try NodeClient(node) } }

    func passphrase(confirm: Bool = false) throws -> String {
        if let passphraseFile {
            return String(decoding: try readFile(passphraseFile), as: UTF8.self).trimmingCharacters(in: .newlines)
        }
        if let value = ProcessInfo.processInfo.environment["ROLLUP_PASSPHRASE"] { return value }
        guard let entered = getpass("Passphrase: ").map({ String(cString: $0) }) else { throw WalletFailure("no passphrase given") }
        if confirm {
            guard let again = getpass("Again: ").map({ String(cString: $0) }), again == entered else { throw WalletFailure("the passphrases differ") }
        }
        return entered
    }

    func loadKeystore() throws -> Keystore {
        do {
            return try JSONDecoder().decode(Keystore.self, from: try readFile(keystore))
        } catch let error as WalletFailure {
            throw WalletFailure("\(error.description) (make one with `rollup wallet new`)")
        } catch {
            throw WalletFailure("\(keystore) is not a wallet keystore: \(error)")
        }
    }

    func privateKey() throws -> EdDSAPrivateKey { try loadKeystore().open(passphrase: try passphrase()) }

    /// Prints `value` as one line of JSON, or `text`.
    func emit(_ value: some Encodable, text: String) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        if json, let data = try? encoder.encode(value) {
            print(String(decoding: data, as: UTF8.self))
        } else {
            print(text)
        }
    }

    /// The node's chain (GET /v1/chain), its chain id derived again from
    /// what it publishes, checked against the chain this wallet pinned on
    /// first contact (``ChainPin``); on first contact it is pinned. What the
    /// wallet signs for, and checks exit proofs against.
    func chain() async throws -> (configuration: ChainConfiguration, pin: ChainPin) {
        let view: ChainView = try await client.get("v1/chain")
        let configuration: ChainConfiguration
        do { configuration = try view.decoded().configuration } catch { throw WalletFailure("the node at \(node) describes its chain wrongly: \(error)") }
        let path = ChainPin.path(forKeystore: keystore)
        if FileManager.default.fileExists(atPath: path) {
            let pin: ChainPin
            do { pin = try JSONDecoder().decode(ChainPin.self, from: try readFile(path)) } catch let error as WalletFailure { throw error } catch {
                throw WalletFailure("\(path) is not a wallet's chain pin: \(error)")
            }
            if let difference = pin.difference(from: view) {
                throw WalletFailure("refusing the node at \(node): \(difference) (\(path)). Use a node of the pinned chain, or remove \(path) to trust this one")
            }
            if let vk, try pinnedKeys(vk) != pin.verifyingKeys {
                throw WalletFailure("\(path) pins other verifying keys than \(vk): remove it to pin these")
            }
            return (configuration, pin)
        }
        var keys = [String: JSONValue]()
        if let vk {
            keys = try pinnedKeys(vk)
        } else {
            for type in BlockType.allCases { keys[type.rawValue] = try await client.get("v1/circuits/\(type.rawValue)/verification-key", as: JSONValue.self) }
        }
        let pin = ChainPin(chainId: view.chainId, bridgePublicKey: view.bridgePublicKey, keyHashes: view.keyHashes, verifyingKeys: keys)
        for type in BlockType.allCases { _ = try pin.verifyingKey(type) }
        try write(pin)
        return (configuration, pin)
    }

    /// Writes the wallet's chain pin.
    func write(_ pin: ChainPin) throws {
        let path = ChainPin.path(forKeystore: keystore)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do { try encoder.encode(pin).write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw WalletFailure("cannot write \(path): \((error as NSError).localizedDescription)")
        }
    }

    /// The verifying keys in `directory` (TYPE.json), as snarkjs JSON.
    private func pinnedKeys(_ directory: String) throws -> [String: JSONValue] {
        var keys = [String: JSONValue]()
        for type in BlockType.allCases {
            let file = URL(fileURLWithPath: directory).appendingPathComponent("\(type.rawValue).json").path
            do { keys[type.rawValue] = try JSONValue(parsing: String(decoding: try readFile(file), as: UTF8.self)) } catch let error as WalletFailure {
                throw error
            } catch {
                throw WalletFailure("\(file) is not JSON: \(error)")
            }
        }
        return keys
    }

    /// The account holding this wallet's key, as the node sees it.
    func ownAccount() async throws -> AccountView {
        let keystore = try loadKeystore()
        do {
            return try await client.get("v1/accounts/by-key/\(keystore.publicKey)")
        } catch let failure as NodeClient.Failure where failure.status == 404 {
            throw WalletFailure("no account holds this wallet's key yet: deposit to it first (`rollup wallet deposit`)")
        }
    }
}

/// `rollup wallet new`.
struct WalletNewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "new", abstract: "Make a new key in an encrypted keystore (Argon2id + XChaCha20-Poly1305).")

    @OptionGroup var options: WalletOptions

    @Flag(help: "Overwrite an existing keystore.")
    var force = false

    func run() throws {
        if FileManager.default.fileExists(atPath: options.keystore) && !force {
            throw WalletFailure("\(options.keystore) exists; pass --force to replace it (its key is then lost)")
        }
        let key = EdDSAPrivateKey.generate()
        let keystore = try Keystore.seal(key, passphrase: try options.passphrase(confirm: true))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do { try SecretFile.write(Array(try encoder.encode(keystore)), to: options.keystore) } catch { throw WalletFailure("\(error)") }
        options.emit(["keystore": options.keystore, "address": keystore.publicKey], text: "address \(keystore.publicKey)\nkeystore \(options.keystore)")
    }
}

/// `rollup wallet address`.
struct WalletAddressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "address", abstract: "Print the wallet's address (its packed public key).")

    @OptionGroup var options: WalletOptions

    func run() throws {
        let address = try options.loadKeystore().publicKey
        options.emit(["address": address], text: address)
    }
}

/// `rollup wallet deposit`.
struct WalletDepositCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deposit",
        abstract: "Deposit to this wallet: through the chain's L1 contract (--l1, --l1-key), or signed with a bridge key file (local development: the node's data/bridge.key).")

    @OptionGroup var options: WalletOptions
    @OptionGroup var l1: L1Options

    @Option(help: "The amount (a decimal integer).")
    var amount: String

    @Option(help: "The bridge's Ed25519 secret key file.")
    var bridgeKey: String = "data/bridge.key"

    @Option(help: "Top up this account instead of opening a new one.")
    var account: Int?

    func run() async throws {
        let keystore = try options.loadKeystore()
        guard let packed = [UInt8](hex: keystore.publicKey), let key = try? EdDSAPublicKey(packed: packed) else {
            throw WalletFailure("\(options.keystore) holds an invalid public key")
        }
        guard let value = CanonicalDecimal.parse(amount, as: UInt128.self), value > 0 else { throw WalletFailure("--amount must be a positive decimal integer below 2^128 (digits only, no sign or leading zeros)") }
        if l1.l1 != nil || l1.l1Key != nil {
            try await depositOnL1(key, value)
            return
        }
        let bridge: Ed25519SigningKey
        do { bridge = try Ed25519SigningKey(hexSecretKey: String(decoding: try readFile(bridgeKey), as: UTF8.self)) } catch let error as WalletFailure {
            throw error
        } catch {
            throw WalletFailure("\(bridgeKey): \(error)")
        }
        let deposit = Deposit(account: try account.map { try AccountID($0) }, publicKey: key, amount: value, bridgeSequence: UInt64.random(in: 0...UInt64.max))
            .signed(by: bridge, chain: try await options.chain().configuration.chainID)
        let answer: AcceptedView = try await options.client.post("v1/transactions", SubmittedTransaction(.deposit(deposit)))
        options.emit(answer, text: "deposit \(answer.hash) accepted for account \(answer.accountId.map(String.init) ?? "?")")
    }

    /// Pays `amount` units to the chain's L1 contract for `key`; the node
    /// credits it once the L1 block is confirmed.
    private func depositOnL1(_ key: EdDSAPublicKey, _ amount: UInt128) async throws {
        let session = try await L1Session.open(options, l1)
        guard amount < UInt128.max / RollupContract.weiPerUnit else { throw WalletFailure("--amount is more wei than an L1 transaction carries") }
        let receipt = try await session.transactor.send(
            to: session.rollup, data: RollupContract.deposit(publicKey: key, account: try account.map { UInt32(try AccountID($0).value) }),
            value: amount * RollupContract.weiPerUnit)
        let event = receipt.logs.first { $0.address == session.rollup && $0.topics.count == 2 }
        let serial = event.flatMap { [UInt8](hex: $0.topics[1]) }.flatMap(ABI.uint)
        let view = L1DepositView(
            l1Transaction: receipt.transactionHash, serial: serial.map(String.init) ?? "?", amount: String(amount),
            wei: String(amount * RollupContract.weiPerUnit), rollup: session.rollup.description)
        options.emit(view, text: "deposit \(view.serial) of \(amount) (\(view.wei) wei) paid in L1 transaction \(receipt.transactionHash); the node credits it once confirmed")
    }
}

/// The fee options of commands that pay one: `--fee`, or the node's
/// suggestion up to `--max-fee`.
struct FeeOptions: ParsableArguments {
    @Option(help: "The fee (default: the node's suggestion, up to --max-fee).")
    var fee: String?

    @Option(help: "The most the wallet pays when it takes the node's suggested fee (an explicit --fee is paid as given).")
    var maxFee: String = String(FeeOptions.defaultMaximum)

    /// The default cap on a suggested fee.
    static let defaultMaximum: UInt128 = 1_000

    func validate() throws {
        guard CanonicalDecimal.parse(maxFee, as: UInt128.self) != nil else { throw ValidationError("--max-fee must be a decimal integer (digits only)") }
    }
}

/// Fills nonce and fee from the node, signs and submits.
struct WalletSubmission {
    let options: WalletOptions

    /// `type`: the block type the transaction goes into, whose suggested
    /// fee (GET /v1/fees) is paid unless `--fee` is given.
    func submit(
        _ blockType: BlockType, _ build: (_ account: Int, _ nonce: UInt32, _ fee: PackedFee, _ key: EdDSAPrivateKey, _ chain: ChainID) throws -> Transaction,
        nonce: UInt32?, fees: FeeOptions
    ) async throws {
        let key = try options.privateKey()
        let chain = try await options.chain().configuration.chainID
        let account = try await options.ownAccount()
        let feeText: String
        if let fee = fees.fee {
            feeText = fee
        } else {
            let stated = try await options.client.get("v1/fees", as: FeesView.self)
            guard let suggested = stated.fees[blockType.rawValue]?.suggestedFee else {
                throw WalletFailure("the node's GET /v1/fees states no \(blockType.rawValue) fee; give --fee")
            }
            feeText = suggested
        }
        guard let feeValue = CanonicalDecimal.parse(feeText, as: UInt128.self) else {
            throw WalletFailure("fee \(feeText.prefix(80)) must be a decimal integer below 2^128 (digits only, no sign or leading zeros)")
        }
        if fees.fee == nil, let cap = CanonicalDecimal.parse(fees.maxFee, as: UInt128.self), feeValue > cap {
            throw WalletFailure("the node suggests a fee of \(feeValue), above --max-fee \(cap): nothing was signed. Pay it with --fee \(feeValue), or raise --max-fee")
        }
        guard let packedFee = PackedFee(exactly: feeValue) else {
            throw WalletFailure("fee \(feeText) is not packable; the closest packable fee below it is \(PackedFee.closestPackable(to: feeValue))")
        }
        let transaction = try build(account.id, nonce ?? account.pending.nonce, packedFee, key, chain)
        let name = transaction.kind.map { type(of: $0).name } ?? "noop"
        let answer: AcceptedView = try await options.client.post("v1/transactions", SubmittedTransaction(transaction))
        options.emit(answer, text: "\(name) \(answer.hash) accepted (pending); `rollup wallet wait \(answer.hash)` follows it")
    }
}
