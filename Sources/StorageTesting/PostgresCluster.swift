import Foundation
import TestSupport
import Storage

/// A PostgreSQL cluster of a test's own, which it may stop and start (a
/// database restart, a server on another network namespace): Debian's
/// server binaries, run as the postgres user when the tests run as root, in
/// a scratch directory, trusting every connection (it listens on loopback or
/// a test's private namespace addresses only), without fsync. Stopped
/// and removed when released.
public final class PostgresCluster: @unchecked Sendable {
    public let directory: URL
    public let port: Int
    /// The addresses it listens on.
    public let listenAddresses: String
    /// The network namespace it runs in (`ip netns`), if not this one.
    public let namespace: String?
    let binaries: URL

    /// Why a cluster could not be made or driven.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Makes a cluster and starts it on `port` (a free one when nil),
    /// listening on `listenAddresses`, in network namespace `namespace`
    /// when given. The roles in `passwordUsers` must log in over TCP with
    /// their password (SCRAM-SHA-256); every other connection is trusted.
    public init(port: Int? = nil, listenAddresses: String = "127.0.0.1", namespace: String? = nil, passwordUsers: [String] = []) throws {
        self.namespace = namespace
        let installed = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        guard let version = installed.sorted(by: { $0.compare($1, options: .numeric) == .orderedAscending }).last else {
            throw Failure(description: "PostgreSQL's server is not installed (apt-get install postgresql)")
        }
        binaries = URL(fileURLWithPath: "/usr/lib/postgresql/\(version)/bin")
        directory = try ScratchDirectory.make("rollup-postgres")
        self.port = try port ?? FreePort.next()
        self.listenAddresses = listenAddresses
        if getuid() == 0 {
            guard let user = getpwnam("postgres") else { throw Failure(description: "there is no postgres user (apt-get install postgresql)") }
            for path in [directory.path, directory.deletingLastPathComponent().path] {
                try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
            }
            guard chown(directory.path, user.pointee.pw_uid, user.pointee.pw_gid) == 0 else { throw Failure(description: "cannot give \(directory.path) to postgres") }
        }
        try server("initdb", ["-D", dataDirectory, "-U", "rollup", "-A", "trust", "-E", "UTF8", "--no-sync"])
        // initdb trusts loopback only; a cluster on a namespace's address trusts its private network too.
        // The first line that matches a connection decides: password users' lines come first.
        let hba = URL(fileURLWithPath: dataDirectory).appendingPathComponent("pg_hba.conf")
        let passwordLines = passwordUsers.map { "host all \($0) 0.0.0.0/0 scram-sha-256\n" }.joined()
        let trusted = try String(contentsOf: hba, encoding: .utf8)
        try (passwordLines + trusted + "host all all 0.0.0.0/0 trust\n").write(to: hba, atomically: false, encoding: .utf8)
        try start()
    }

    deinit {
        _ = try? server("pg_ctl", ["-D", dataDirectory, "-m", "immediate", "-w", "stop"])
    }

    var dataDirectory: String { directory.appendingPathComponent("data").path }

    /// The cluster's default database, as `host` reaches it.
    public func address(host: String = "127.0.0.1") -> PostgresAddress {
        PostgresAddress(user: "rollup", host: host, port: port, database: "postgres")
    }

    /// A new, empty database on it.
    public func freshDatabase(host: String = "127.0.0.1") throws -> PostgresAddress {
        try PostgresSession.createDatabase("rollup_\(UUID().uuidString.prefix(8).lowercased())", on: address(host: host))
    }

    /// Starts the server and waits until it accepts connections.
    public func start() throws {
        try server("pg_ctl", [
            "-D", dataDirectory, "-l", directory.appendingPathComponent("server.log").path, "-w", "-t", "60",
            "-o", "-p \(port) -k \(directory.path) -c listen_addresses=\(listenAddresses) -c fsync=off -c max_connections=200", "start",
        ])
    }

    /// Stops the server at once (`-m immediate`: no checkpoint, connections cut), as a crash would.
    public func stop() throws {
        try server("pg_ctl", ["-D", dataDirectory, "-m", "immediate", "-w", "stop"])
    }

    /// Runs one of the server's programs, as the postgres user under root,
    /// and waits for it. Spawned directly, with its output in a file and no
    /// descriptor of this process but 0, 1 and 2: the server that `pg_ctl
    /// start` leaves running would otherwise hold them open (and
    /// Foundation's Process waits for its own descriptor to close).
    private func server(_ program: String, _ arguments: [String]) throws {
        let path = binaries.appendingPathComponent(program).path
        let output = directory.appendingPathComponent("\(program).out").path
        let asServer = getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--", path] + arguments : [path] + arguments
        let argv = namespace.map { ["/usr/sbin/ip", "netns", "exec", $0] + asServer } ?? asServer
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let open = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).compactMap { Int32($0) }
        for descriptor in open where descriptor > 2 { posix_spawn_file_actions_addclose(&actions, descriptor) }
        let cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, cArguments, environ)
        guard spawned == 0 else { throw Failure(description: "cannot run \(argv[0]): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let exited = status & 0x7f == 0 && (status >> 8) & 0xff == 0
        guard exited else {
            let printed = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            let log = (try? String(contentsOf: directory.appendingPathComponent("server.log"), encoding: .utf8)) ?? ""
            throw Failure(description: "\(program) \(arguments.joined(separator: " ")) failed (status \(status)): \(printed)\n\(log.suffix(2_000))")
        }
    }
}
