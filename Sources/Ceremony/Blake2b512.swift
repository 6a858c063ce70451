import CSodium

/// BLAKE2b with a 64-byte digest and no key, as snarkjs hashes circuits,
/// transcripts and contributions (libsodium's generichash). A value: a
/// copy continues independently, as snarkjs clones a running hasher.
public struct Blake2b512: @unchecked Sendable {
    /// libsodium's state, which must stay 64-byte aligned.
    private final class State {
        let pointer: UnsafeMutableRawPointer
        static let size = crypto_generichash_statebytes()

        init() { pointer = UnsafeMutableRawPointer.allocate(byteCount: Self.size, alignment: 64) }

        func copy() -> State {
            let copy = State()
            copy.pointer.copyMemory(from: pointer, byteCount: Self.size)
            return copy
        }

        var opaque: OpaquePointer { OpaquePointer(pointer) }

        deinit {
            sodium_memzero(pointer, Self.size)
            pointer.deallocate()
        }
    }

    private var state = State()

    /// An empty hasher.
    public init() {
        _ = sodium_init()
        crypto_generichash_init(state.opaque, nil, 0, 64)
    }

    /// Absorbs `bytes`.
    public mutating func update(_ bytes: [UInt8]) {
        if !isKnownUniquelyReferenced(&state) { state = state.copy() }
        bytes.withUnsafeBufferPointer { buffer in
            _ = crypto_generichash_update(state.opaque, buffer.baseAddress, UInt64(buffer.count))
        }
    }

    /// The digest of everything absorbed; the hasher itself is left as it was.
    public func digest() -> [UInt8] {
        let copy = state.copy()
        var output = [UInt8](repeating: 0, count: 64)
        crypto_generichash_final(copy.opaque, &output, 64)
        return output
    }

    /// The digest of `bytes`.
    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        var hasher = Blake2b512()
        hasher.update(bytes)
        return hasher.digest()
    }
}
