import APIContract
import APISchema
import APIServer
import Foundation
import Hummingbird
import HummingbirdTesting
import NodeTestSupport
import Primitives
import Support
import Testing

/// Every route's error paths, each answer checked against docs/openapi.json:
/// the status must be one the document lists for that operation, and
/// every error carries the JSON error body. Every operation is driven.
struct OpenAPIContractTests {
    typealias Fixture = APIFixture

    @Test func everyAnswerIsDocumented() async throws {
        let operations = try DocumentedOperation.all()
        #expect(operations.count >= 18)
        let node = try await Fixture.node()
        let driven = try await node.application().test(.router) { client -> Set<String> in
            var driven = Set<String>()
            try await APIFixture.funded(client, node)
            let transfer = Fixture.transfer(1, 2, 10, nonce: 0, key: Fixture.alice, node: node)
            var unsigned = Fixture.object(of: transfer)
            unsigned["signature"] = nil
            let key = "0x" + Fixture.alice.publicKey.packed.hexString
            let cases: [(HTTPRequest.Method, String, ByteBuffer?, Int)] = [
                (.post, "/v1/transactions", ByteBuffer(string: "{"), 400),
                (.post, "/v1/transactions", Fixture.json(unsigned), 401),
                (.post, "/v1/transactions", Fixture.body(Fixture.transfer(9, 2, 10, nonce: 0, key: Fixture.alice, node: node)), 404),
                (.post, "/v1/transactions", ByteBuffer(repeating: 32, count: 70_000), 413),
                (.post, "/v1/transactions", Fixture.body(Fixture.transfer(1, 2, 10, nonce: 5, key: Fixture.alice, node: node)), 422),
                (.post, "/v1/transactions", Fixture.body(transfer), 202),
                (.post, "/v1/transactions", Fixture.body(transfer), 409),
                (.post, "/v1/deposits", ByteBuffer(string: "[]"), 400),
                (.post, "/v1/deposits", Fixture.deposit(Fixture.bob, 5, sequence: 7, node: node, signed: false), 401),
                (.post, "/v1/deposits", Fixture.deposit(Fixture.bob, 5, sequence: 7, account: 9, node: node), 404),
                (.post, "/v1/deposits", ByteBuffer(repeating: 32, count: 70_000), 413),
                (.post, "/v1/deposits", Fixture.deposit(Fixture.bob, 0, sequence: 8, node: node), 422),
                (.post, "/v1/deposits", Fixture.deposit(Fixture.bob, 5, sequence: 7, node: node), 202),
                (.post, "/v1/deposits", Fixture.deposit(Fixture.bob, 5, sequence: 7, node: node), 409),
                (.get, "/v1/transactions/0x00", nil, 404),
                (.get, "/v1/accounts/1", nil, 200), (.get, "/v1/accounts/01", nil, 400), (.get, "/v1/accounts/9", nil, 404),
                (.get, "/v1/accounts/by-key/\(key)", nil, 200), (.get, "/v1/accounts/by-key/0x12", nil, 400),
                (.get, "/v1/accounts/by-key/0x" + EdDSAPrivateKey.generate().publicKey.packed.hexString, nil, 404),
                (.get, "/v1/accounts/1/transactions", nil, 200), (.get, "/v1/accounts/1/transactions?limit=0", nil, 400),
                (.get, "/v1/accounts/x/transactions", nil, 400),
                (.get, "/v1/accounts/0/exit-proof", nil, 200), (.get, "/v1/accounts/1/exit-proof", nil, 404),
                (.get, "/v1/accounts/x/exit-proof", nil, 400),
                (.get, "/v1/blocks", nil, 200), (.get, "/v1/blocks?from=0", nil, 400),
                (.get, "/v1/blocks/1", nil, 200), (.get, "/v1/blocks/0", nil, 400), (.get, "/v1/blocks/abc", nil, 400),
                (.get, "/v1/blocks/4294967296", nil, 400), (.get, "/v1/blocks/99", nil, 404),
                (.get, "/v1/blocks/1/proof", nil, 404), (.get, "/v1/blocks/x/proof", nil, 400),
                (.get, "/v1/circuits/transfer/verification-key", nil, 200), (.get, "/v1/circuits/swap/verification-key", nil, 404),
                (.get, "/v1/circuits/exit/verifier.sol", nil, 200), (.get, "/v1/circuits/swap/verifier.sol", nil, 404),
                (.get, "/v1/circuits/deposit/proving-key", nil, 200), (.get, "/v1/circuits/swap/proving-key", nil, 404),
                (.get, "/v1/status", nil, 200), (.get, "/v1/fees", nil, 200), (.get, "/v1/chain", nil, 200), (.get, "/metrics", nil, 200), (.get, "/openapi.json", nil, 200),
                (.get, "/v1/ws", nil, 426), (.get, "/explorer", nil, 301), (.get, "/explorer/", nil, 200), (.get, "/explorer/app.js", nil, 200),
                (.get, "/explorer/nothing.js", nil, 404),
            ]
            for (method, path, body, expected) in cases {
                let operation = operations.filter { $0.matches(method.rawValue, path) }.max { $0.specificity < $1.specificity }
                if let operation { driven.insert("\(operation.method) \(operation.template)") }
                try await client.execute(uri: path, method: method, body: body) { response in
                    #expect(Int(response.status.code) == expected, "\(method) \(path): \(String(buffer: response.body).prefix(200))")
                    guard let operation else {
                        Issue.record("\(method) \(path) is not in docs/openapi.json")
                        return
                    }
                    #expect(operation.statuses.contains(Int(response.status.code)), "\(method) \(path) answered \(response.status.code), not listed for \(operation.template)")
                    if response.status.code >= 400 {
                        #expect(Fixture.errorCode(response) != nil, "\(method) \(path): no JSON error body")
                    }
                }
            }
            try await client.execute(uri: "/v1/nothing", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(Fixture.errorCode(response) == "not_found")
            }
            return driven
        }
        #expect(driven == Set(operations.map { "\($0.method) \($0.template)" }), "operations never driven: \(Set(operations.map { "\($0.method) \($0.template)" }).subtracting(driven))")
    }

    /// What the connection gate and guard answer is listed for every operation.
    @Test func theGuardsAnswersAreListedEverywhere() throws {
        for operation in try DocumentedOperation.all() {
            #expect(operation.statuses.isSuperset(of: [400, 408, 413, 429, 500, 503]), "\(operation.method) \(operation.template)")
        }
    }
}

/// The document's component schemas are the contract's types: their
/// properties, JSON types and required fields, as inferred from the types
/// (`rollup openapi-schemas`); only the prose is the document's own.
struct OpenAPISchemaTests {
    @Test func theDocumentsSchemasAreTheContractsTypes() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/openapi.json")
        let document = try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: url))
        let schemas = try #require(document["components"]?["schemas"]?.object)
        let components = try APIComponents.all
        #expect(components.count == 18)
        for component in components {
            let documented = try #require(schemas[component.name], "docs/openapi.json has no schema \(component.name)")
            #expect(APISchemaInference.structure(try APISchemaInference.schema(of: component)) == APISchemaInference.structure(documented),
                    "\(component.name) differs from its type: run `rollup openapi-schemas --update docs/openapi.json`")
        }
    }
}
