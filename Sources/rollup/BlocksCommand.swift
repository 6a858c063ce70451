import ArgumentParser
import Foundation
import Storage

/// `rollup blocks retry N --db …`: the operator's handling of blocks.
struct BlocksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "blocks",
        abstract: "Handle the node's blocks.",
        subcommands: [RetryBlockCommand.self]
    )
}

/// `rollup blocks retry N --db PATH|URL`.
struct RetryBlockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Clear a flagged block's failed runs, so that provers take it again.",
        discussion: """
        A block is flagged once its failed runs reach the provers' --max-failures, from at
        least two workers; /v1/status lists it with the reason of each failed run. Clearing
        keeps the runs as a record and stops them from counting.
        """
    )

    @Argument(help: "The block number.")
    var block: UInt32

    @Option(help: ArgumentHelp("The node's database: its SQLite file or postgres://USER@HOST[:PORT]/DB.", valueName: "path|url"), transform: DatabaseLocation.init(parsing:))
    var db: DatabaseLocation

    @OptionGroup var password: DatabasePasswordOptions

    func run() throws {
        let store = try DatabaseStore(try password.resolve(db))
        let cleared: Int
        do { cleared = try store.clearFailures(block: block, now: try store.clock()) } catch StorageError.unknownBlock(let number) {
            throw CommandFailure("block \(number) is not in the database")
        }
        print(cleared == 0 ? "block \(block) has no failed runs to clear" : "cleared \(cleared) failed run(s) of block \(block): provers take it again")
    }
}
