import ArgumentParser
import Foundation
import Storage

/// `rollup db grant-prover`: database administration.
struct DatabaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Administer the node's database.",
        subcommands: [GrantProverCommand.self]
    )
}

/// `rollup db grant-prover --db postgres://ADMIN@HOST/DB --role NAME`.
struct GrantProverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grant-prover",
        abstract: "Create (or update) a PostgreSQL role with exactly what a prover on another machine needs.",
        discussion: """
        The role reads the chain, the blocks and their witness data, and writes only its
        claims, heartbeats, runs and proofs: it cannot write blocks, accounts, account
        updates, transactions or server_config. Run it as the database's owner, after the
        node has created the schema, and again after an upgrade that adds tables. Provers
        then run with `rollup prover --db postgres://NAME@HOST/DB` and the role's password
        in --db-password-file or PGPASSWORD.
        """
    )

    @Option(help: ArgumentHelp("The node's database, as its owner: postgres://ADMIN@HOST[:PORT]/DB.", valueName: "url"), transform: DatabaseLocation.init(parsing:))
    var db: DatabaseLocation

    @OptionGroup var password: DatabasePasswordOptions

    @Option(help: "The role to create or update (lowercase letters, digits, underscores).")
    var role: String

    @Option(help: ArgumentHelp("A file whose first line is the role's new password (default: none, for other authentication).", valueName: "file"))
    var rolePasswordFile: String?

    func run() throws {
        let location = try password.resolve(db)
        guard case .postgres = location else { throw CommandFailure(ProverRole.Failure.notPostgres.description) }
        let connection = try location.connect()
        let missing = try Migrator().missingVersions(connection)
        guard missing.isEmpty else {
            throw CommandFailure("\(location) lacks migrations \(missing.map(String.init).joined(separator: ", ")): start the node (or `rollup migrate`) first")
        }
        var rolePassword: String?
        if let rolePasswordFile {
            guard let line = String(decoding: try readFile(rolePasswordFile), as: UTF8.self).split(separator: "\n").first, !line.isEmpty else {
                throw CommandFailure("\(rolePasswordFile) holds no password on its first line")
            }
            rolePassword = String(line)
        }
        do {
            try ProverRole.grant(role, password: rolePassword, on: connection)
        } catch {
            throw CommandFailure("cannot grant the prover role \(role): \(error)")
        }
        print("role \(role) may now prove for \(location): it reads blocks and their witness data and writes only its runs and proofs")
    }
}
