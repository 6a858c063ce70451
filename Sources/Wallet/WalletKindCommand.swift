import APIContract
import ArgumentParser
import Foundation
import RollupTypes

/// The wallet's command for each owner-signed kind of the registry
/// (`rollup wallet transfer`, `rollup wallet exit`, …), made from what the
/// kind declares (``OwnerSignedKind``): a kind registered before the
/// wallet's commands are read gets its command with no edit here.
enum WalletKindCommands {
    static var all: [any ParsableCommand.Type] {
        TransactionKinds.all.compactMap { kind in (kind as? any OwnerSignedKind.Type).map { command(for: $0) } }
    }

    private static func command<Kind: OwnerSignedKind>(for kind: Kind.Type) -> any ParsableCommand.Type { WalletKindCommand<Kind>.self }
}

/// `rollup wallet <kind> --<field> value … [--fee F] [--nonce N]`: fills the
/// signer's account, the nonce and the fee from the node unless given,
/// signs and submits (POST /v1/transactions).
struct WalletKindCommand<Kind: OwnerSignedKind>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: Kind.name, abstract: Kind.walletAbstract + " (nonce and fee from the node unless given).",
            usage: "rollup wallet \(Kind.name) " + Kind.walletFields.map { "--\($0.flag) <\($0.flag)>" }.joined(separator: " ")
                + " [--fee <fee>] [--nonce <nonce>] [<options>]",
            discussion: Kind.walletFields.map { "--\($0.flag): \($0.help)" }.joined(separator: "\n"))
    }

    @OptionGroup var options: WalletOptions
    @OptionGroup var fees: FeeOptions
    @Option(help: "The nonce (default: the node's next one, counting pending transactions).") var nonce: UInt32?
    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("The \(Kind.name)'s fields, as listed above.", valueName: "--field value"))
    var fields: [String] = []

    func run() async throws {
        let given = try KindFlags.values(fields, of: Kind.self)
        // The user's fields are checked before the keystore is opened or the node asked.
        _ = try KindFlags.decode(Self.form(given, account: 0, nonce: 0, fee: 0), as: Kind.self)
        try await WalletSubmission(options: options).submit(Kind.blockType, { account, nonce, fee, key, chain in
            let form = Self.form(given, account: account, nonce: nonce, fee: fee.value)
            return Transaction(try KindFlags.decode(form, as: Kind.self).signed(with: key, chain: chain))
        }, nonce: nonce, fees: fees)
    }

    /// The kind's JSON form: the user's fields, and what the wallet fills.
    private static func form(_ given: [String: JSONValue], account: Int, nonce: UInt32, fee: UInt128) -> [String: JSONValue] {
        var object = given
        object["type"] = .string(Kind.name)
        object[Kind.signerField] = .integer(Int64(account))
        object["nonce"] = .integer(Int64(nonce))
        object["fee"] = .string(String(fee))
        return object
    }
}

/// A kind's flags read into its JSON form, and its field errors told by flag.
enum KindFlags {
    /// `--flag value` or `--flag=value` pairs for each of `Kind`'s wallet
    /// fields, every one given once.
    static func values<Kind: OwnerSignedKind>(_ arguments: [String], of kind: Kind.Type) throws -> [String: JSONValue] {
        var values = [String: JSONValue]()
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            guard argument.hasPrefix("--") else { throw WalletFailure("unexpected argument \(argument.prefix(80)); \(usage(of: kind))") }
            let (flag, inline) = split(String(argument.dropFirst(2)))
            guard let field = Kind.walletFields.first(where: { $0.flag == flag }) else {
                throw WalletFailure("rollup wallet \(Kind.name) has no --\(flag.prefix(80)); \(usage(of: kind))")
            }
            guard values[field.field] == nil else { throw WalletFailure("--\(flag) is given twice") }
            guard let text = inline ?? remaining.popFirst() else { throw WalletFailure("--\(flag) needs a value") }
            switch field.form {
            case .string: values[field.field] = .string(text)
            case .integer:
                // As the node reads JSON numbers: digits only, no sign and no leading zeros.
                guard let number = CanonicalDecimal.parse(text, as: UInt32.self) else {
                    throw WalletFailure("--\(flag) must be an integer, digits only (no sign or leading zeros), got \(text.prefix(80))")
                }
                values[field.field] = .integer(Int64(number))
            }
        }
        if let missing = Kind.walletFields.first(where: { values[$0.field] == nil }) { throw WalletFailure("--\(missing.flag) is required: \(missing.help)") }
        return values
    }

    /// The kind decoded from `object` as the node would decode it; a field's
    /// error names its flag.
    static func decode<Kind: OwnerSignedKind>(_ object: [String: JSONValue], as kind: Kind.Type) throws -> Kind {
        do {
            return try JSONDecoder().decode(Kind.self, from: JSONEncoder().encode(JSONValue.object(object)))
        } catch let error as TransactionFieldError {
            let field = error.field
            let flag = Kind.walletFields.first { $0.field == field }.map { "--\($0.flag)" } ?? field
            throw WalletFailure("\(flag): \(error)")
        }
    }

    private static func split(_ flag: String) -> (String, String?) {
        guard let equals = flag.firstIndex(of: "=") else { return (flag, nil) }
        return (String(flag[..<equals]), String(flag[flag.index(after: equals)...]))
    }

    private static func usage<Kind: OwnerSignedKind>(of kind: Kind.Type) -> String {
        let flags = Kind.walletFields.map { "--\($0.flag)" }
        return flags.isEmpty ? "it takes no fields" : "its fields are " + flags.joined(separator: ", ")
    }
}
