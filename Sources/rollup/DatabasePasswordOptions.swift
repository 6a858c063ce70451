import ArgumentParser
import Foundation
import Storage

/// `--db-password-file`, beside every `--db`: the PostgreSQL password from
/// a file, or else from `PGPASSWORD`, so that it never has to be on the
/// command line, where the process list shows it.
struct DatabasePasswordOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "A file whose first line is the PostgreSQL password (else $PGPASSWORD); a password in --db shows in the process list.",
        valueName: "file"))
    var dbPasswordFile: String?

    /// `location` with its password resolved; a password left in the URL is warned about.
    func resolve(_ location: DatabaseLocation) throws -> DatabaseLocation {
        if case .postgres(let address) = location, address.password != nil, dbPasswordFile == nil {
            printError("warning: the database password in --db shows in the process list; use --db-password-file or PGPASSWORD instead")
        }
        do { return try location.resolvingPassword(file: dbPasswordFile) } catch { throw ValidationError("\(error)") }
    }
}
