import Algebra
import ArgumentParser
import Foundation
import Primitives
import Support

/// `rollup crypto …`: the smallest tool for checking compatibility with
/// circomlib by hand. Every subcommand prints one JSON object with decimal
/// field elements.
struct CryptoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crypto",
        abstract: "Poseidon and EdDSA-Poseidon on BabyJubJub, as circomlib computes them.",
        subcommands: [
            CryptoPoseidonCommand.self, CryptoKeygenCommand.self, CryptoPubkeyCommand.self,
            CryptoSignCommand.self, CryptoVerifyCommand.self,
        ]
    )
}

/// Prints a JSON object with string values, keys in the given order.
func printJSON(_ fields: [(String, String)]) {
    let body = fields.map { "\"\($0.0)\":\"\($0.1)\"" }.joined(separator: ",")
    print("{\(body)}")
}

/// A decimal field element from a command-line argument.
func parseField(_ text: String, _ what: String) throws -> Fr {
    do {
        return try Fr(decimal: text)
    } catch {
        throw CommandFailure("\(what): \(error)")
    }
}

/// `rollup crypto poseidon X Y …`.
struct CryptoPoseidonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "poseidon", abstract: "Poseidon of 1 to 6 decimal field elements.")

    @Argument(help: "The inputs, decimal field elements.")
    var inputs: [String]

    func run() throws {
        let values = try inputs.enumerated().map { try parseField($1, "input \($0 + 1)") }
        do {
            printJSON([("hash", try Poseidon.hash(values).decimalString)])
        } catch {
            throw CommandFailure("\(error)")
        }
    }
}

/// `rollup crypto keygen`.
struct CryptoKeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "keygen", abstract: "A new private key (libsodium randomness) and its public key.")

    func run() {
        let key = EdDSAPrivateKey.generate()
        let publicKey = key.publicKey
        printJSON([
            ("private", key.hex), ("publicX", publicKey.x.decimalString), ("publicY", publicKey.y.decimalString),
            ("packed", publicKey.packed.hexString),
        ])
    }
}

/// Options naming a private key.
struct PrivateKeyOption: ParsableArguments {
    @Option(name: .customLong("private"), help: "The private key: 64 hex digits.")
    var privateHex: String

    func key() throws -> EdDSAPrivateKey {
        do {
            return try EdDSAPrivateKey(hex: privateHex)
        } catch {
            throw CommandFailure("--private: \(error)")
        }
    }
}

/// `rollup crypto pubkey --private HEX`.
struct CryptoPubkeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pubkey", abstract: "The public key of a private key.")

    @OptionGroup var privateKey: PrivateKeyOption

    func run() throws {
        let publicKey = try privateKey.key().publicKey
        printJSON([("publicX", publicKey.x.decimalString), ("publicY", publicKey.y.decimalString), ("packed", publicKey.packed.hexString)])
    }
}

/// `rollup crypto sign --private HEX --message FIELD`.
struct CryptoSignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sign", abstract: "Sign a field element (circomlibjs signPoseidon).")

    @OptionGroup var privateKey: PrivateKeyOption

    @Option(help: "The message: a decimal field element.")
    var message: String

    func run() throws {
        let signature = try privateKey.key().sign(try parseField(message, "--message"))
        let (x, y) = signature.r8Affine
        printJSON([("R8x", x.decimalString), ("R8y", y.decimalString), ("S", signature.s.decimalString), ("packed", signature.packed.hexString)])
    }
}

/// `rollup crypto verify --public X,Y --message FIELD --signature R8x,R8y,S`.
struct CryptoVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Verify a signature (circomlibjs verifyPoseidon).",
        discussion: "Prints {\"valid\":true} and exits 0 for a valid signature; prints false and exits 1 otherwise.")

    @Option(name: .customLong("public"), help: "The public key as X,Y (decimal).")
    var publicKey: String
    @Option(help: "The message: a decimal field element.")
    var message: String
    @Option(help: "The signature as R8x,R8y,S (decimal).")
    var signature: String

    func run() throws {
        let keyParts = publicKey.split(separator: ",").map(String.init)
        let signatureParts = signature.split(separator: ",").map(String.init)
        guard keyParts.count == 2 else { throw CommandFailure("--public takes X,Y") }
        guard signatureParts.count == 3 else { throw CommandFailure("--signature takes R8x,R8y,S") }
        let messageValue = try parseField(message, "--message")
        let coordinates = try keyParts.map { try parseField($0, "--public") }
        let parts = try signatureParts.map { try parseField($0, "--signature") }
        var valid = false
        if let key = try? EdDSAPublicKey(x: coordinates[0], y: coordinates[1]),
           let parsed = try? EdDSASignature(r8x: parts[0], r8y: parts[1], s: parts[2]) {
            valid = EdDSAVerifier.verify(messageValue, signature: parsed, key: key)
        }
        print("{\"valid\":\(valid)}")
        if !valid { throw ExitCode(1) }
    }
}
