import ArgumentParser
import Wallet

/// The `rollup` command: one binary whose subcommands pick the role.
@main
struct Rollup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollup",
        abstract: "A compact account-based zk-rollup on BN254 with Groth16 proofs.",
        subcommands: [CryptoCommand.self, Groth16Command.self, ExportVerifierCommand.self, CeremonyCommand.self, CircuitsCommand.self, MigrateCommand.self, DatabaseCommand.self, BlocksCommand.self, NodeCommand.self, FollowCommand.self, RestoreCommand.self, WalletCommand.self, SetupCommand.self, ProverCommand.self, BenchCommand.self, StorageWorkloadCommand.self, OpenAPISchemasCommand.self, BenchSubscribersCommand.self, ContractsCommand.self]
    )
}
