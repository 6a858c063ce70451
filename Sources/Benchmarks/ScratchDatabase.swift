import Foundation
import Storage

/// A benchmark's own database, removed when it is done: an SQLite file in a
/// new temporary directory, or, when `--db postgres://…` names a server, a
/// new database on that server (the user needs the CREATEDB privilege)
/// that is dropped afterwards, so the benchmark never touches the named
/// database's tables.
struct ScratchDatabase {
    let location: DatabaseLocation
    private let cleanup: () -> Void

    /// A new database beside `server` (nil: SQLite), its file named `name`.
    init(on server: DatabaseLocation?, name: String) throws {
        guard case .postgres(let address) = server else {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rollup-bench-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            location = .sqlite(path: directory.appendingPathComponent(name).path)
            cleanup = { try? FileManager.default.removeItem(at: directory) }
            return
        }
        let database = "rollup_bench_\(UUID().uuidString.prefix(8).lowercased())"
        location = .postgres(try PostgresSession.createDatabase(database, on: address))
        cleanup = { _ = try? PostgresSession(address: address).run("DROP DATABASE IF EXISTS \(database) WITH (FORCE)") }
    }

    /// Removes the file or drops the database.
    func remove() { cleanup() }
}
