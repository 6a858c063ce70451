import Groth16

/// Why a ceremony step cannot be done, or a key does not verify.
public enum CeremonyError: Error, Equatable, CustomStringConvertible {
    case ptau(PowersOfTauFailure)
    case zkey(SnarkJSZkey.Failure)
    /// The circuit's domain needs a larger powers of tau.
    case ptauTooSmall(ptau: Int, needed: Int)
    /// The ptau lacks the Lagrange sections (12–15).
    case ptauNotPrepared
    case nameTooLong(Int)
    /// A powers of tau of this power cannot be made.
    case badPower(Int)
    case zeroSecret
    case badBeacon(String)
    /// A recorded contribution fails its checks (1-based).
    case badContribution(index: Int, name: String?, reason: String)
    /// The key does not follow from its contributions on the circuit and ptau.
    case keyMismatch(String)
    /// The key fails a check every trusted zkey must pass (``ZkeySoundness``).
    case unsoundKey(String)
    /// A .ptau's points do not follow from its contributions, or are not powers of one τ.
    case ptauMismatch(String)

    public var description: String {
        switch self {
        case .ptau(let failure): return failure.description
        case .zkey(let failure): return failure.description
        case .ptauTooSmall(let ptau, let needed):
            return "the ptau has power \(ptau); this circuit needs power \(needed) or more (use a larger .ptau)"
        case .ptauNotPrepared:
            return "the ptau has no Lagrange sections (12–15): run `snarkjs powersoftau prepare phase2` on it, or make one with `rollup ceremony powers-of-tau`"
        case .nameTooLong(let length): return "a contribution's name is at most 64 characters (UTF-16 units); this one has \(length)"
        case .badPower(let power): return "a powers of tau's power is 1 to 27 (BN254's scalar field has 2^28 roots of unity); \(power) is not"
        case .zeroSecret: return "the secret drawn was zero; contribute again"
        case .badBeacon(let detail): return "bad beacon: \(detail)"
        case .badContribution(let index, let name, let reason):
            return "contribution #\(index)\(name.map { " (\($0))" } ?? "") is invalid: \(reason)"
        case .keyMismatch(let detail): return "the zkey does not follow from its contributions: \(detail)"
        case .unsoundKey(let detail): return "the zkey cannot be trusted: \(detail)"
        case .ptauMismatch(let detail): return "the ptau does not verify: \(detail)"
        }
    }
}
