import Algebra
import Foundation
import Primitives
import Support
import Testing

/// Secret files, Ed25519 signatures for the bridge, and hex.
struct SecretsTests {
    /// A secret file is its owner's alone from the moment it exists: even
    /// under a umask that lets everyone read new files, it is 0600, and no
    /// temporary file is left beside it.
    @Test func secretFilesAreTheOwnersAloneFromTheStart() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rollup-secret-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let previous = umask(0)
        defer { umask(previous) }
        let path = directory + "/operator.key"
        try SecretFile.write(Array("00112233\n".utf8), to: path)
        let mode = (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue
        #expect(mode == 0o600)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "00112233\n")
        try SecretFile.write(Array("replaced\n".utf8), to: path)  // replacing keeps the mode, atomically
        #expect((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["operator.key"])
        #expect(throws: SecretFile.Failure.self) { try SecretFile.write([1], to: directory + "/missing/dir/key") }
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
