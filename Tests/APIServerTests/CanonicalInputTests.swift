import APIContract
import APIServer
import Foundation
import Hummingbird
import HummingbirdTesting
import NodeTestSupport
import Testing

/// Numbers have one spelling on the wire (docs/PROTOCOL.md): a correctly
/// signed transaction whose amount or fee is spelt with a sign or leading
/// zeros is refused with 400, and so are such ids in paths and queries.
struct CanonicalInputTests {
    typealias Fixture = APIFixture

    @Test func signsAndLeadingZerosAreRefused() async throws {
        let node = try await Fixture.node()
        try await node.application().test(.router) { client in
            try await APIFixture.funded(client, node)
            var cases = [[String: JSONValue]]()
            for spelling in ["+1500", "01501", "+0001500", " 1500", "1500 "] {
                var body = Fixture.object(of: Fixture.transfer(1, 2, UInt128(spelling.trimmingCharacters(in: .init(charactersIn: "+ ")))!, nonce: 0, key: Fixture.alice, node: node))
                body["amount"] = .string(spelling)
                cases.append(body)
            }
            for (fee, spelling) in [(UInt128(1), "+1"), (0, "-0"), (1, "01")] {
                var body = Fixture.object(of: Fixture.transfer(1, 2, 10, fee: fee, nonce: 0, key: Fixture.alice, node: node))
                body["fee"] = .string(spelling)
                cases.append(body)
            }
            var exit = Fixture.object(of: Fixture.exit(1, 5, nonce: 0, address: [UInt8](repeating: 1, count: 20), key: Fixture.alice, node: node))
            exit["amount"] = "+5"
            cases.append(exit)
            for body in cases {
                try await client.execute(uri: "/v1/transactions", method: .post, body: Fixture.json(body)) { response in
                    #expect(response.status == .badRequest, "\(body)")
                    #expect(Fixture.errorCode(response) == "bad_request", "\(body)")
                }
            }
            var deposit = Fixture.object(of: Fixture.depositRequest(Fixture.alice, 7, sequence: 9, node: node))
            deposit["amount"] = "07"
            try await client.execute(uri: "/v1/deposits", method: .post, body: Fixture.json(deposit)) { response in
                #expect(response.status == .badRequest)
            }
            #expect(await node.context.keeper.pendingCount == 0)

            for path in ["/v1/accounts/+1", "/v1/accounts/01", "/v1/accounts/-0", "/v1/accounts/01/transactions",
                         "/v1/accounts/1/transactions?limit=+2", "/v1/accounts/1/transactions?limit=02", "/v1/accounts/1/transactions?before=+1",
                         "/v1/blocks/+1", "/v1/blocks/01", "/v1/blocks/01/proof", "/v1/blocks?from=+1", "/v1/blocks?limit=010"] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .badRequest, "\(path)")
                    #expect(Fixture.errorCode(response) == "bad_request", "\(path)")
                }
            }
            try await client.execute(uri: "/v1/accounts/1", method: .get) { response in #expect(response.status == .ok) }
            try await client.execute(uri: "/v1/blocks/1", method: .get) { response in #expect(response.status == .ok) }
        }
    }

    /// JSON numbers too: ids and nonces written with a fraction, an exponent,
    /// a leading zero or as -0 are refused with 400 before anything is
    /// queued, though JSONDecoder alone reads 1.0 and 1e0 as 1.
    @Test func jsonNumbersHaveOneSpelling() async throws {
        let node = try await Fixture.node()
        try await node.application().test(.router) { client in
            try await APIFixture.funded(client, node)
            /// The transfer 1 → 2 (nonce 0) with `field` written as `token`.
            func body(_ field: String, _ token: String) throws -> ByteBuffer {
                var object = Fixture.object(of: Fixture.transfer(1, 2, 10, nonce: 0, key: Fixture.alice, node: node))
                object[field] = "PLACEHOLDER"
                let text = String(decoding: try JSONEncoder().encode(JSONValue.object(object)), as: UTF8.self)
                #expect(text.contains("\"PLACEHOLDER\""))
                return ByteBuffer(string: text.replacingOccurrences(of: "\"PLACEHOLDER\"", with: token))
            }
            for (field, token) in [("nonce", "0.0"), ("nonce", "0e0"), ("nonce", "-0"), ("nonce", "0E+0"),
                                   ("from", "1.0"), ("from", "1e0"), ("to", "2E0"), ("to", "0.2e1")] {
                try await client.execute(uri: "/v1/transactions", method: .post, body: try body(field, token)) { response in
                    #expect(response.status == .badRequest, "\(field) \(token)")
                    #expect(Fixture.errorCode(response) == "bad_request", "\(field) \(token)")
                }
            }
            #expect(await node.context.keeper.pendingCount == 0)
            // The same transfer with its numbers in their one spelling is accepted.
            try await client.execute(uri: "/v1/transactions", method: .post, body: try body("nonce", "0")) { response in
                #expect(response.status == .accepted)
            }
            #expect(await node.context.keeper.pendingCount == 1)
        }
    }

    /// A body has one reading: a correctly signed transfer is refused with 400
    /// when a key appears twice in an object (a first-wins parser and a
    /// last-wins one would judge different transactions), when it carries a
    /// field its kind does not have, when it starts with a byte-order mark,
    /// or when its bytes are hex without the 0x prefix. Nothing is queued;
    /// the same transfer written plainly is then accepted.
    @Test func aBodyHasOneReading() async throws {
        let node = try await Fixture.node()
        try await node.application().test(.router) { client in
            try await APIFixture.funded(client, node)
            let object = Fixture.object(of: Fixture.transfer(1, 2, 10, nonce: 0, key: Fixture.alice, node: node))
            let plain = String(decoding: try JSONEncoder().encode(JSONValue.object(object)), as: UTF8.self)
            #expect(plain.hasPrefix("{") && plain.hasSuffix("}"))
            let signature = try #require(object["signature"]?.string)
            #expect(signature.hasPrefix("0x"))
            var unprefixed = object
            unprefixed["signature"] = .string(String(signature.dropFirst(2)))
            var foreign = object
            foreign["memo"] = "pay the rent"
            let cases: [(String, String)] = [
                ("a later amount", String(plain.dropLast()) + ",\"amount\":\"1000\"}"),
                ("a later type", String(plain.dropLast()) + ",\"type\":\"exit\"}"),
                ("a key spelt with an escape", String(plain.dropLast()) + ",\"\\u0061mount\":\"1000\"}"),
                ("a foreign field", String(decoding: try JSONEncoder().encode(JSONValue.object(foreign)), as: UTF8.self)),
                ("a byte-order mark", "\u{FEFF}" + plain),
                ("hex without 0x", String(decoding: try JSONEncoder().encode(JSONValue.object(unprefixed)), as: UTF8.self)),
            ]
            // Found by an outside tester: JSONDecoder also reads UTF-16, where the key checks saw other bytes, and allows a
            // trailing comma.
            func utf16LE(_ text: String) -> [UInt8] { text.utf16.flatMap { [UInt8(truncatingIfNeeded: $0), UInt8($0 >> 8)] } }
            let utf16 = utf16LE(String(plain.dropLast()) + ",\"amount\":\"1000\"}")
            var bodies = cases.map { ($0.0, [UInt8]($0.1.utf8)) }
            bodies += [("UTF-16 with a later amount", utf16), ("a UTF-16 byte-order mark", [0xFF, 0xFE] + utf16LE(plain)),
                       // Each byte followed by 0x01: UTF-16 of U+01xx characters ("Ģ" is 22 01), with no zero byte.
                       ("UTF-16 without a zero byte", plain.utf8.flatMap { [$0, 0x01] }),
                       ("a trailing comma", Array((String(plain.dropLast()) + ",}").utf8)),
                       ("a trailing comma and space", Array((String(plain.dropLast()) + ", \n}").utf8))]
            for (name, body) in bodies {
                try await client.execute(uri: "/v1/transactions", method: .post, body: ByteBuffer(bytes: body)) { response in
                    #expect(response.status == .badRequest, "\(name): \(String(decoding: body, as: UTF8.self))")
                    #expect(Fixture.errorCode(response) == "bad_request", "\(name)")
                }
            }
            // The bridge's request form has no "type".
            var deposit = Fixture.object(of: Fixture.depositRequest(Fixture.alice, 7, sequence: 9, node: node))
            deposit["type"] = "transfer"
            try await client.execute(uri: "/v1/deposits", method: .post, body: Fixture.json(deposit)) { response in
                #expect(response.status == .badRequest)
                #expect(Fixture.errorCode(response) == "bad_request")
            }
            #expect(await node.context.keeper.pendingCount == 0)
            try await client.execute(uri: "/v1/transactions", method: .post, body: ByteBuffer(string: plain)) { response in
                #expect(response.status == .accepted)
            }
            #expect(await node.context.keeper.pendingCount == 1)
        }
    }

    /// The 422 for an unpackable value names the largest packable value below it.
    @Test func unpackableValuesNameTheClosestBelow() async throws {
        let node = try await Fixture.node()
        try await node.application().test(.router) { client in
            try await APIFixture.funded(client, node)
            for (field, spelling, closest) in [("amount", "34359738369", "34359738367"), ("fee", "2049", "2047")] {
                var body = Fixture.object(of: Fixture.transfer(1, 2, 10, nonce: 0, key: Fixture.alice, node: node))
                body[field] = .string(spelling)
                try await client.execute(uri: "/v1/transactions", method: .post, body: Fixture.json(body)) { response in
                    #expect(response.status == .unprocessableContent)
                    #expect(Fixture.errorCode(response) == "not_packable")
                    let message = try Fixture.answer(APIErrorBody.self, response).error.message
                    #expect(message.hasSuffix("the closest packable value below it is \(closest)"), "\(message)")
                }
            }
        }
    }
}
