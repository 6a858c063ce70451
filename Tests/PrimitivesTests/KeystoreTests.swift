import Algebra
import Foundation
import Primitives
import Testing

/// The wallet keystore: the key comes back only with the right passphrase
/// and an unaltered file; Ed25519 signatures for the bridge.
struct KeystoreTests {
    @Test func sealsAndOpensWithThePassphraseOnly() throws {
        let key = EdDSAPrivateKey.generate()
        let keystore = try Keystore.seal(key, passphrase: "correct horse")
        #expect(keystore.publicKey == "0x" + key.publicKey.packed.hexString)
        let decoded = try JSONDecoder().decode(Keystore.self, from: try JSONEncoder().encode(keystore))
        #expect(try decoded.open(passphrase: "correct horse").bytes == key.bytes)
        #expect(throws: Keystore.Failure.wrongPassphrase) { try decoded.open(passphrase: "wrong horse") }
        var tampered = decoded
        tampered.publicKey = "0x" + EdDSAPrivateKey.generate().publicKey.packed.hexString
        #expect(throws: Keystore.Failure.wrongPassphrase) { try tampered.open(passphrase: "correct horse") }
        var truncated = decoded
        truncated.cipher.ciphertext = "0x00"
        #expect(throws: Keystore.Failure.self) { try truncated.open(passphrase: "correct horse") }
        // Fresh salt and nonce each time.
        #expect(try Keystore.seal(key, passphrase: "correct horse").cipher != keystore.cipher)
    }

    @Test func ed25519SignaturesVerifyOnlyForTheirMessageAndKey() {
        let key = Ed25519SigningKey.generate()
        let signature = key.sign([1, 2, 3])
        #expect(Ed25519.verify(signature, message: [1, 2, 3], publicKey: key.publicKey))
        #expect(!Ed25519.verify(signature, message: [1, 2, 4], publicKey: key.publicKey))
        #expect(!Ed25519.verify(signature, message: [1, 2, 3], publicKey: Ed25519SigningKey.generate().publicKey))
        #expect(!Ed25519.verify(Array(signature.dropLast()), message: [1, 2, 3], publicKey: key.publicKey))
    }

    @Test func hexParsing() {
        #expect([UInt8](hex: "0x00ff10") == [0, 255, 16])
        #expect([UInt8](hex: "ABcd") == [0xab, 0xcd])
        #expect([UInt8](hex: "0x123") == nil)
        #expect([UInt8](hex: "zz") == nil)
    }
}
