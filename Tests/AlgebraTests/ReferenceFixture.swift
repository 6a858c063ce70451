import Foundation
import Testing

/// The values py_ecc computed (scripts/gen_algebra_fixtures.py).
struct ReferenceFixture: Decodable {
    struct G1Multiple: Decodable {
        let scalar: String
        let point: [String]
    }

    struct G2Multiple: Decodable {
        let scalar: String
        let point: [[String]]
    }

    struct PairingValue: Decodable {
        let g1Scalar: String
        let g2Scalar: String
        let wCoefficients: [String]
    }

    let g1Multiples: [G1Multiple]
    let g2Multiples: [G2Multiple]
    let pairings: [PairingValue]

    static func load() throws -> ReferenceFixture {
        let url = try #require(Bundle.module.url(forResource: "bn254_reference", withExtension: "json", subdirectory: "Fixtures"))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(ReferenceFixture.self, from: Data(contentsOf: url))
    }
}

