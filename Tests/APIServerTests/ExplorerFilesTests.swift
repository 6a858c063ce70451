import APIServer
import Foundation
import Hummingbird
import HummingbirdTesting
import NodeTestSupport
import Testing

/// GET /explorer/ serves exactly the files in explorer/ (which the build
/// embeds), each with its content type and a policy that lets the page load
/// from this server only.
struct ExplorerFilesTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../explorer")

    @Test func theNodeServesTheRepositorysFilesUnderAStrictPolicy() async throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path).sorted()
        #expect(names == ["app.js", "charts.js", "explorer.css", "index.html", "poseidon-constants.js", "tree.js"])
        let node = try await APIFixture.node()
        try await node.application().test(.router) { client in
            for name in names {
                let onDisk = try Data(contentsOf: Self.directory.appendingPathComponent(name))
                try await client.execute(uri: "/explorer/\(name)", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(Data(response.body.readableBytesView) == onDisk, "\(name) differs from explorer/\(name)")
                    #expect(response.headers[.contentSecurityPolicy]?.hasPrefix("default-src 'self'") == true)
                    #expect(response.headers[.contentType]?.hasPrefix(name.hasSuffix(".js") ? "text/javascript" : name.hasSuffix(".css") ? "text/css" : "text/html") == true)
                }
            }
            try await client.execute(uri: "/explorer/", method: .get) { response in
                #expect(String(buffer: response.body).contains("<title>Rollup explorer</title>"))
            }
            try await client.execute(uri: "/explorer", method: .get) { response in
                #expect(response.status == .movedPermanently && response.headers[.location] == "/explorer/")
            }
            for path in ["/explorer/..%2Fpackage.swift", "/explorer/app.js.map", "/explorer/%00"] {
                try await client.execute(uri: path, method: .get) { #expect($0.status == .notFound, "\(path)") }
            }
        }
    }
}
