import ArgumentParser
import Storage

/// `rollup migrate --db PATH|postgres://…`: brings a database's schema up to date.
struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply the schema migrations a database lacks (the node also does this on start)."
    )

    @Option(help: ArgumentHelp("The database: an SQLite file (created if missing) or postgres://USER[:PASSWORD]@HOST[:PORT]/DB.", valueName: "path|url"), transform: DatabaseLocation.init(parsing:))
    var db: DatabaseLocation

    @OptionGroup var password: DatabasePasswordOptions

    func run() throws {
        let connection = try password.resolve(db).connect()
        let migrator = Migrator()
        let applied = try migrator.migrate(connection)
        let versions = try migrator.appliedVersions(connection)
        if applied.isEmpty {
            print("\(db) is up to date (migrations \(versions.map(String.init).joined(separator: ", ")))")
        } else {
            for version in applied {
                let name = migrator.migrations.first { $0.version == version }?.name ?? "?"
                print("applied \(String(format: "%04d", version))_\(name)")
            }
        }
    }
}
