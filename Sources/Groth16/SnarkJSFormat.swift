import Algebra
import Foundation

/// The JSON files snarkjs reads and writes for Groth16 on BN254
/// ("bn128"): verification_key.json, proof.json and public.json. Points use
/// the encodings in ``AffinePoint/snarkjs``.
public enum SnarkJSFormat {
    struct VerificationKeyJSON: Codable {
        var `protocol`: String
        var curve: String
        var nPublic: Int
        var vk_alpha_1: [String]
        var vk_beta_2: [[String]]
        var vk_gamma_2: [[String]]
        var vk_delta_2: [[String]]
        var vk_alphabeta_12: [[[String]]]?
        var IC: [[String]]
    }

    struct ProofJSON: Codable {
        var pi_a: [String]
        var pi_b: [[String]]
        var pi_c: [String]
        var `protocol`: String
        var curve: String
    }

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return encoder
    }

    /// verification_key.json.
    public static func encode(_ key: VerifyingKey) throws -> Data {
        let alphaBeta = Pairing.pairing(key.alpha, key.beta)
        let fq6 = { (x: Fq6) in [x.c0, x.c1, x.c2].map { [$0.c0.decimalString, $0.c1.decimalString] } }
        let json = VerificationKeyJSON(
            protocol: "groth16", curve: "bn128", nPublic: key.inputCount,
            vk_alpha_1: key.alpha.snarkjs, vk_beta_2: key.beta.snarkjs, vk_gamma_2: key.gamma.snarkjs,
            vk_delta_2: key.delta.snarkjs, vk_alphabeta_12: [fq6(alphaBeta.c0), fq6(alphaBeta.c1)],
            IC: key.ic.map(\.snarkjs))
        return try encoder().encode(json)
    }

    /// proof.json.
    public static func encode(_ proof: Proof) throws -> Data {
        try encoder().encode(ProofJSON(
            pi_a: proof.a.snarkjs, pi_b: proof.b.snarkjs, pi_c: proof.c.snarkjs, protocol: "groth16", curve: "bn128"))
    }

    /// public.json.
    public static func encode(inputs: [Fr]) throws -> Data {
        try encoder().encode(inputs.map(\.decimalString))
    }

    static func decodeJSON<T: Decodable>(_ type: T.Type, _ data: Data, file: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw SnarkJSError.malformed(file: file, detail: describe(error))
        } catch {
            throw SnarkJSError.malformed(file: file, detail: "\(error)")
        }
    }

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): return "missing field \"\(key.stringValue)\""
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }

    static func checkProtocol(_ proto: String, _ curve: String, file: String) throws {
        guard proto == "groth16" else { throw SnarkJSError.unsupported(file: file, field: "protocol", value: proto) }
        guard curve == "bn128" || curve == "bn254" else { throw SnarkJSError.unsupported(file: file, field: "curve", value: curve) }
    }

    static func point<T>(_ field: String, file: String, _ decode: () throws -> T) throws -> T {
        do {
            return try decode()
        } catch let error as CurveDecodingError {
            throw SnarkJSError.badPoint(file: file, field: field, error: error)
        }
    }

    /// Reads verification_key.json, checking every point and, when present,
    /// that vk_alphabeta_12 is e(α, β).
    public static func decodeVerifyingKey(_ data: Data) throws -> VerifyingKey {
        let file = "verification_key.json"
        let json = try decodeJSON(VerificationKeyJSON.self, data, file: file)
        try checkProtocol(json.protocol, json.curve, file: file)
        guard json.IC.count == json.nPublic + 1 else {
            throw SnarkJSError.inconsistentKey("nPublic is \(json.nPublic) but IC has \(json.IC.count) points (expected nPublic + 1)")
        }
        let key = VerifyingKey(
            alpha: try point("vk_alpha_1", file: file) { try G1Affine(snarkjs: json.vk_alpha_1) },
            beta: try point("vk_beta_2", file: file) { try G2Affine(snarkjs: json.vk_beta_2) },
            gamma: try point("vk_gamma_2", file: file) { try G2Affine(snarkjs: json.vk_gamma_2) },
            delta: try point("vk_delta_2", file: file) { try G2Affine(snarkjs: json.vk_delta_2) },
            ic: try json.IC.enumerated().map { index, value in
                try point("IC[\(index)]", file: file) { try G1Affine(snarkjs: value) }
            })
        if let alphaBeta = json.vk_alphabeta_12 {
            let expected = try decodeJSON(VerificationKeyJSON.self, encode(key), file: file).vk_alphabeta_12
            guard alphaBeta == expected else { throw SnarkJSError.inconsistentKey("vk_alphabeta_12 is not e(vk_alpha_1, vk_beta_2)") }
        }
        return key
    }

    /// Reads proof.json, checking every point.
    public static func decodeProof(_ data: Data) throws -> Proof {
        let file = "proof.json"
        let json = try decodeJSON(ProofJSON.self, data, file: file)
        try checkProtocol(json.protocol, json.curve, file: file)
        return Proof(
            a: try point("pi_a", file: file) { try G1Affine(snarkjs: json.pi_a) },
            b: try point("pi_b", file: file) { try G2Affine(snarkjs: json.pi_b) },
            c: try point("pi_c", file: file) { try G1Affine(snarkjs: json.pi_c) })
    }

    /// Reads public.json.
    public static func decodeInputs(_ data: Data) throws -> [Fr] {
        let strings = try decodeJSON([String].self, data, file: "public.json")
        return try strings.enumerated().map { index, text in
            do {
                return try Fr(decimal: text)
            } catch let error as FieldEncodingError {
                throw SnarkJSError.badInput(index: index, error: error)
            }
        }
    }
}
