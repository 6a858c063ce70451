import CSodium

/// Bytes of a secret, in memory of their own that is zeroed (libsodium's
/// sodium_memzero) when the last reference goes. Swift copies arrays
/// freely, so copies taken out (``copy()``) are the caller's to wipe; the
/// language gives no way to wipe what the optimizer keeps in registers or
/// moves on the stack.
final class SecretBytes: @unchecked Sendable {
    private let buffer: UnsafeMutableRawBufferPointer

    init(_ bytes: [UInt8]) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 16)
        bytes.withUnsafeBytes { buffer.copyMemory(from: $0) }
        self.buffer = buffer
        count = bytes.count
    }

    let count: Int

    /// A copy, which the caller should wipe or drop soon.
    func copy() -> [UInt8] { Array(buffer.prefix(count)) }

    /// Runs `body` on the bytes in place.
    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(rebasing: buffer.prefix(count)))
    }

    deinit {
        sodium_memzero(buffer.baseAddress, buffer.count)
        buffer.deallocate()
    }
}
