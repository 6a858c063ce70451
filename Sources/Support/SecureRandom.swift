import CSodium

/// A random-number generator drawing from libsodium's CSPRNG.
///
/// This is the randomness for every secret in production (keys, setup
/// toxic waste, proof blinding). Code that needs randomness takes any
/// `RandomNumberGenerator`, so tests can pass a seeded one instead.
public struct SecureRandom: RandomNumberGenerator, Sendable {
    /// Initializes libsodium once per process.
    private static let initialized: Bool = sodium_init() >= 0

    public init() {
        precondition(SecureRandom.initialized, "libsodium failed to initialize")
    }

    public mutating func next() -> UInt64 {
        var value: UInt64 = 0
        withUnsafeMutableBytes(of: &value) { randombytes_buf($0.baseAddress!, 8) }
        return value
    }
}

/// A deterministic generator (SplitMix64) for reproducible tests and
/// benchmarks. Never use it for secrets.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
