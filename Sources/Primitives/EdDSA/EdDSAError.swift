/// Why a key or signature could not be read.
public enum EdDSAError: Error, Equatable, CustomStringConvertible {
    case wrongKeyLength(Int)
    case notHex(String)
    case publicKeyNotOnCurve
    case publicKeyNotInSubgroup
    case publicKeyIsIdentity
    case wrongSignatureLength(Int)
    case badSignaturePoint(BabyJubJubPoint.PackingError)
    case nonCanonicalS

    public var description: String {
        switch self {
        case .wrongKeyLength(let count): return "a private key is 32 bytes (64 hex digits), got \(count) bytes"
        case .notHex(let text): return "'\(text.prefix(80))' is not hex"
        case .publicKeyNotOnCurve: return "the public key is not a BabyJubJub point"
        case .publicKeyNotInSubgroup: return "the public key is not in BabyJubJub's prime-order subgroup"
        case .publicKeyIsIdentity: return "the public key is the identity point, under which any signature verifies"
        case .wrongSignatureLength(let count): return "a packed signature is 64 bytes, got \(count)"
        case .badSignaturePoint(let error): return "the signature's R8: \(error)"
        case .nonCanonicalS: return "the signature's S is not below the subgroup order"
        }
    }
}
