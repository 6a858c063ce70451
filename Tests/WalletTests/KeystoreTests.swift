import Algebra
import Foundation
import Primitives
import Support
import Testing
import Wallet

/// The wallet keystore: the key comes back only with the right passphrase
/// and an unaltered file.
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

    /// New keystores use Argon2id's "moderate" limits; a keystore an earlier
    /// release sealed with the "interactive" ones (made by `rollup wallet new`
    /// of 3ee7cf9, passphrase "old") still opens.
    @Test func newKeystoresUseModerateLimitsAndOldOnesStillOpen() throws {
        let keystore = try Keystore.seal(EdDSAPrivateKey.generate(), passphrase: "p")
        #expect(keystore.kdf.opslimit == 3 && keystore.kdf.memlimit == 268_435_456)
        let old = #"{"cipher":{"algorithm":"xchacha20poly1305-ietf","ciphertext":"0x15c60c1d4c577d2d0a77552535927d9ab70a38bfed0d5473752909d88459a16425c658c6581292e7d232c84756a2d9fe","nonce":"0x263f45397ed41f31a5c6e871b5c8f56a6f544a5955f6669a"},"kdf":{"algorithm":"argon2id13","memlimit":67108864,"opslimit":2,"salt":"0x9021b16b0da8355ce7ecd29cbc02277b"},"publicKey":"0xae9511571428fece495140d447519dda9d1cdaef2a6834474e4c54ae08d4a889","version":1}"#
        let opened = try JSONDecoder().decode(Keystore.self, from: Data(old.utf8)).open(passphrase: "old")
        #expect("0x" + opened.publicKey.packed.hexString == "0xae9511571428fece495140d447519dda9d1cdaef2a6834474e4c54ae08d4a889")
    }
}
