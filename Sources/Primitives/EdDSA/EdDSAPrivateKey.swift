import Algebra
import CSodium
import Support

/// An EdDSA-Poseidon private key: 32 bytes, from which the scalar s is
/// BLAKE-512(key)[0..<32] pruned (low 3 bits cleared, bit 255 cleared,
/// bit 254 set), read little-endian, exactly as circomlibjs' prv2pub and
/// signPoseidon derive it.
///
/// The key bytes live in memory that is zeroed when the last copy of the key
/// goes (``SecretBytes``); what signing derives from them (BLAKE-512 halves,
/// GMP scalars) is not wiped.
public struct EdDSAPrivateKey: Sendable {
    private let secret: SecretBytes

    /// The 32 key bytes: a copy, which the caller should not keep.
    public var bytes: [UInt8] { secret.copy() }

    public init(bytes: [UInt8]) throws {
        guard bytes.count == 32 else { throw EdDSAError.wrongKeyLength(bytes.count) }
        secret = SecretBytes(bytes)
    }

    /// Runs `body` on the key bytes in place, copying nothing.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R { try secret.withUnsafeBytes(body) }

    /// Parses 64 hex digits.
    public init(hex: String) throws {
        guard let parsed = [UInt8](hex: hex) else { throw EdDSAError.notHex(hex) }
        try self.init(bytes: parsed)
    }

    /// A new key from libsodium's CSPRNG.
    public static func generate() -> EdDSAPrivateKey {
        _ = SecureRandom()  // sodium_init
        var bytes = [UInt8](repeating: 0, count: 32)
        randombytes_buf(&bytes, 32)
        return try! EdDSAPrivateKey(bytes: bytes)
    }

    /// The key as 64 lowercase hex digits.
    public var hex: String { bytes.hexString }

    /// BLAKE-512 of the key: the scalar's half, then the nonce seed's half.
    var expanded: [UInt8] {
        var copy = bytes
        defer { sodium_memzero(&copy, copy.count) }
        return BLAKE512.hash(copy)
    }

    /// The pruned secret scalar s, from the first half of `expanded`.
    static func scalar(from expanded: [UInt8]) -> GMPInteger {
        var half = Array(expanded[0..<32])
        half[0] &= 0xF8
        half[31] &= 0x7F
        half[31] |= 0x40
        return GMPInteger(littleEndianBytes: half)
    }

    /// A = (s >> 3)·Base8.
    public var publicKey: EdDSAPublicKey { Self.publicKey(scalar: Self.scalar(from: expanded)) }

    static func publicKey(scalar: GMPInteger) -> EdDSAPublicKey {
        EdDSAPublicKey(trusted: BabyJubJubFixedBase.multiply(scalar >> 3))
    }

    /// circomlibjs' signPoseidon: r = BLAKE-512(seed ‖ msg as 32 bytes LE) mod l,
    /// R8 = r·Base8, S = r + Poseidon(R8x, R8y, Ax, Ay, msg)·s mod l.
    public func sign(_ message: Fr) -> EdDSASignature {
        let expanded = self.expanded
        let scalar = Self.scalar(from: expanded)
        let l = BabyJubJubPoint.subgroupOrderInteger
        let nonceInput = Array(expanded[32..<64]) + Array(message.bigEndianBytes.reversed())
        let r = GMPInteger(littleEndianBytes: BLAKE512.hash(nonceInput)) % l
        let r8 = BabyJubJubFixedBase.multiply(r)
        let a = Self.publicKey(scalar: scalar)
        let (rx, ry) = r8.affine
        let hm = try! Poseidon.hash([rx, ry, a.x, a.y, message])
        let s = (r + hm.integer * scalar) % l
        return EdDSASignature(trusted: r8, s: try! Fr(s))
    }
}

extension GMPInteger {
    /// The integer whose little-endian bytes are given.
    public convenience init(littleEndianBytes bytes: [UInt8]) {
        var limbs = [UInt64](repeating: 0, count: (bytes.count + 7) / 8)
        for (index, byte) in bytes.enumerated() { limbs[index / 8] |= UInt64(byte) << UInt64((index % 8) * 8) }
        self.init(limbs: limbs)
    }
}
