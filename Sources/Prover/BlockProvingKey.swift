import Algebra
import Ceremony
import Groth16
import R1CS
import RollupTypes
import Support

/// A block circuit's proving key in either file format the node reads:
/// the rollup's own key file (a development setup's, `TYPE.key`), or a
/// snarkjs zkey (a ceremony's, `TYPE.zkey`), with the description of the
/// circuit it was checked against when it was loaded.
public enum BlockProvingKey: Sendable {
    case native(ProvingKey)
    case zkey(SnarkJSZkey, circuit: CircuitDescription)

    /// The circuit the key was made for.
    public var circuit: CircuitDescription {
        switch self {
        case .native(let key): return key.circuit
        case .zkey(_, let circuit): return circuit
        }
    }

    /// The key's verifying key.
    public var verifyingKey: VerifyingKey {
        switch self {
        case .native(let key): return key.verifyingKey
        case .zkey(let zkey, _): return zkey.verifyingKey
        }
    }

    /// Where the key came from: a key file is a development setup's; a
    /// zkey whose only contribution is `rollup setup --zkey`'s is too;
    /// any other zkey (loading checks that it has a verified contribution)
    /// is a ceremony's.
    public var setup: KeySetup {
        switch self {
        case .native: return .development
        case .zkey(let zkey, _):
            let contributions = (try? PhaseTwoParameters(zkey: zkey))?.contributions ?? []
            let developmentOnly = contributions.count == 1 && contributions[0].name == DevelopmentZkey.contributionName
            return developmentOnly ? .development : .ceremony
        }
    }

    /// The hash that binds the key to a chain (``KeyFile/verifyingKeyHash(_:circuit:)``).
    public var hash: String { KeyFile.verifyingKeyHash(verifyingKey, circuit: circuit) }

    /// A proof of `circuit`, which carries its witness, with fresh blinding.
    public func prove<C: Circuit>(_ circuit: C, threads: Int, progress: ProgressHandler?) throws -> Proof {
        switch self {
        case .native(let key):
            return try Groth16Prover.prove(circuit, key: key, threads: threads, progress: progress).proof
        case .zkey(let zkey, _):
            progress?("computing the witness", 0)
            let witness = try Groth16Prover.satisfiedWitness(circuit)
            progress?("proving with the zkey", 0.1)
            var generator = SecureRandom()
            let proof = try ZkeyProver.prove(zkey, witness: witness, r: .random(using: &generator), s: .random(using: &generator), threads: threads)
            progress?("done", 1.0)
            return proof
        }
    }
}
