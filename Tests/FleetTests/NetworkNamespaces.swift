import Foundation

/// Hosts on one machine, for tests that cross machines: a network namespace
/// per host (`ip netns`), each joined by a veth pair to a bridge in this
/// namespace, on a private /24 (10.200.N.0/24) of which this namespace is
/// .1 and the hosts .2, .3, … A host's link can be cut and restored from
/// here. Needs root and iproute2; `remove()` deletes everything it made.
final class NetworkNamespaces: @unchecked Sendable {
    let tag: String
    let subnet: Int
    let hosts: [String]
    var bridge: String { "rb\(tag)" }

    /// Why the network could not be made.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static var supported: Bool { getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/sbin/ip") }

    init(hosts: [String]) throws {
        tag = String(getpid() % 100_000)
        subnet = 20 + Int(getpid() % 200)
        self.hosts = hosts
        do {
            try Self.ip(["link", "add", bridge, "type", "bridge"])
            try Self.ip(["addr", "add", "10.200.\(subnet).1/24", "dev", bridge])
            try Self.ip(["link", "set", bridge, "up"])
            for (index, host) in hosts.enumerated() {
                let namespace = self.namespace(host), outside = "rv\(tag)x\(index)", inside = "rp\(tag)x\(index)"
                try Self.ip(["netns", "add", namespace])
                try Self.ip(["link", "add", outside, "type", "veth", "peer", "name", inside])
                try Self.ip(["link", "set", inside, "netns", namespace])
                try Self.ip(["link", "set", outside, "master", bridge, "up"])
                try Self.ip(["netns", "exec", namespace, "ip", "addr", "add", "\(address(host))/24", "dev", inside])
                try Self.ip(["netns", "exec", namespace, "ip", "link", "set", inside, "up"])
                try Self.ip(["netns", "exec", namespace, "ip", "link", "set", "lo", "up"])
            }
        } catch {
            remove()
            throw error
        }
    }

    func namespace(_ host: String) -> String { "rollup-\(tag)-\(host)" }

    func address(_ host: String) -> String {
        "10.200.\(subnet).\(hosts.firstIndex(of: host)! + 2)"
    }

    /// This namespace's address on the bridge.
    var gateway: String { "10.200.\(subnet).1" }

    /// Cuts `host` off the network (its veth's outer end down), or restores it.
    func setLink(_ host: String, up: Bool) throws {
        try Self.ip(["link", "set", "rv\(tag)x\(hosts.firstIndex(of: host)!)", up ? "up" : "down"])
    }

    /// Deletes the namespaces (their veth pairs go with them) and the bridge.
    func remove() {
        for host in hosts { try? Self.ip(["netns", "delete", namespace(host)]) }
        try? Self.ip(["link", "delete", bridge])
    }

    static func ip(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "ip \(arguments.joined(separator: " ")): \(String(decoding: message, as: UTF8.self))")
        }
    }
}
