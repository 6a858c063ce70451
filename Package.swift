// swift-tools-version:6.0
import PackageDescription

/// Modules doing field arithmetic emit one LLVM module. By default SwiftPM's
/// multithreaded whole-module optimization gives each source file its own
/// LLVM module, the C kernel's inline functions are emitted into only one of
/// them, and every other file calls them out of line: a Montgomery
/// multiplication then costs 30 ns instead of 17 (docs/PERFORMANCE.md).
let inlineKernel: [SwiftSetting] = [.unsafeFlags(["-Xfrontend", "-enable-single-module-llvm-emission"])]

let package = Package(
    name: "Rollup",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "rollup", targets: ["rollup"]),
        .library(name: "Algebra", targets: ["Algebra"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.25.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.3.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        // System libraries.
        .systemLibrary(name: "CGMP", pkgConfig: "gmp", providers: [.apt(["libgmp-dev"])]),
        .systemLibrary(name: "CSodium", pkgConfig: "libsodium", providers: [.apt(["libsodium-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CSecp256k1", pkgConfig: "libsecp256k1", providers: [.apt(["libsecp256k1-dev"])]),

        // The 4-limb Montgomery kernel (header-only, inlined into Algebra).
        .target(name: "CFieldKernel"),

        // BN254 fields, extension tower, curves, pairing, MSM and NTT.
        // What every module may need and none of it algebra: hex, SHA-256, secure randomness, threads of their own.
        .target(name: "Support", dependencies: ["CSodium"]),
        .target(name: "Algebra", dependencies: ["Support", "CFieldKernel", "CGMP", "CSodium"], swiftSettings: inlineKernel),

        // Native primitives compatible with circomlib: Poseidon, BabyJubJub, EdDSA.
        .target(name: "Primitives", dependencies: ["Support", "Algebra", "CSodium"], swiftSettings: inlineKernel),

        // The rollup's shared types: chain parameters, accounts and the account tree,
        // packed amounts, transactions, sealed blocks, commitments.
        .target(name: "RollupTypes", dependencies: ["Support", "Algebra", "Primitives"], swiftSettings: inlineKernel),

        // Rank-1 constraint systems: the circuit builder.
        .target(name: "R1CS", dependencies: ["Support", "Algebra", "CFieldKernel"], swiftSettings: inlineKernel),
        // Test aids for constraint systems (tampered witnesses); used by tests only.
        .target(name: "R1CSTesting", dependencies: ["Algebra", "R1CS"]),
        // The Groth16 proving system: setup, prove, verify, snarkjs and Solidity export.
        .target(name: "Groth16", dependencies: ["Support", "Algebra", "R1CS", "CFieldKernel"], swiftSettings: inlineKernel),

        // The rollup's parts; each grows in its own issue.
        .target(name: "Ceremony", dependencies: ["Support", "Algebra", "R1CS", "Groth16", "CSodium"], swiftSettings: inlineKernel),
        .target(name: "Circuits", dependencies: ["Support", "Algebra", "R1CS", "Primitives", "RollupTypes"], swiftSettings: inlineKernel),
        // Blocks sealed by a real state keeper on a small random state, for
        // `rollup circuits prove-sample|export`, `rollup bench circuits` and the circuits' tests.
        .target(name: "BlockSamples", dependencies: ["Algebra", "Circuits", "Primitives", "RollupTypes", "StateKeeper"]),
        .target(name: "Prover", dependencies: ["Support",
            "Algebra", "Ceremony", "Circuits", "Groth16", "RollupTypes", "Storage",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "CoreMetrics", package: "swift-metrics"),
            .product(name: "Metrics", package: "swift-metrics"),
        ], swiftSettings: inlineKernel),
        .target(name: "StateKeeper", dependencies: ["Support",
            "Algebra", "Primitives", "RollupTypes",
            .product(name: "CoreMetrics", package: "swift-metrics"), .product(name: "Metrics", package: "swift-metrics"),
        ], swiftSettings: inlineKernel),
        .target(name: "Storage", dependencies: ["Support",
            "CSQLite", "Algebra", "Primitives", "RollupTypes",
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ],
        // The schema's files, embedded in the binary (Migration.all).
        exclude: ["Resources/migrations/postgres", "Resources/migrations/README.md"],
        resources: [.embedInCode("Resources")]),
        // What makes a block's published data believable: the replay of its pubdata and
        // published authority, the checks a follower and the committer share, and the
        // verified state they are checked against.
        .target(name: "BlockVerification", dependencies: ["Support", "Storage", "RollupTypes", "Algebra", "Groth16", "Primitives"]),
        .target(name: "Committer", dependencies: ["BlockVerification", "Storage", "StateKeeper", "RollupTypes", "Groth16", "Algebra", "Primitives"]),
        // The API's request and response types, shared by the server, the wallet and the tests.
        .target(name: "APIContract", dependencies: ["Support",
            "Algebra", "Primitives", "RollupTypes",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),
        // docs/openapi.json's component schemas inferred from the contract's types (`rollup openapi-schemas` and
        // the contract tests); the wallet, a client of the contract, does not link it.
        .target(name: "APISchema", dependencies: ["Support", "APIContract", "Algebra", "Primitives", "RollupTypes"]),
        .target(name: "APIServer", dependencies: ["Support",
            "APIContract", "Algebra", "BlockVerification", "Primitives", "RollupTypes", "StateKeeper", "Storage", "Committer", "Groth16",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "NIOWebSocket", package: "swift-nio"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "CoreMetrics", package: "swift-metrics"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
        ], resources: [.embedInCode("Resources/openapi.json"), .embedInCode("Resources/explorer")]),
        // The node's assembly: its configuration, first-start secrets and keys,
        // and the API, sealing, verification and provers as one service group.
        .target(name: "Node", dependencies: ["Support",
            "APIContract", "APIServer", "Algebra", "BlockVerification", "Committer", "Ethereum", "Follower", "Groth16", "Primitives", "Prover", "RollupTypes", "Settlement", "StateKeeper", "Storage",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),

        // The follower: rebuilds and verifies a rollup from what its upstream publishes.
        .target(name: "Follower", dependencies: ["Support",
            "APIContract", "Algebra", "BlockVerification", "Ceremony", "Circuits", "Groth16", "Primitives", "R1CS", "RollupTypes", "Storage",
            .product(name: "CoreMetrics", package: "swift-metrics"),
        ], swiftSettings: inlineKernel),

        // The terminal wallet: a client of the API's contract, without its server.
        .target(name: "Wallet", dependencies: ["Support",
            "APIContract", "Algebra", "CSodium", "Ethereum", "Groth16", "Primitives", "RollupTypes", "Settlement", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        // The L1 side's primitives: Keccak-256, RLP, the contract ABI, secp256k1 keys, EIP-1559
        // transactions and a bounded JSON-RPC client.
        .target(name: "Ethereum", dependencies: ["Support", "CSecp256k1",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
        ]),

        // The rollup on L1: the contracts' calls from the rollup's types, and their deployment.
        .target(name: "Settlement", dependencies: ["Support", "Algebra", "Ethereum", "Groth16", "Primitives", "RollupTypes"],
            resources: [.embedInCode("Resources/contracts")]),

        // Running a program to its end and capturing its output (benchmarks, tests).
        .target(name: "ChildProcess"),
        // What the suites share (tests only): scratch directories removed when the test process exits, the built
        // `rollup` binary started with a log, bounded polling, free loopback ports.
        .target(name: "TestSupport"),
        // The databases the store's suites run against (SQLite, and PostgreSQL when a server is given); used by tests only.
        .target(name: "StorageTesting", dependencies: ["TestSupport", "Storage"]),
        // What the suites of a running node share (tests only): a node on small circuits and its requests, an
        // upstream for followers, a tampering proxy, the operations docs/openapi.json documents.
        .target(name: "NodeTestSupport", dependencies: [
            "Support", "APIContract", "APIServer", "Algebra", "ChildProcess", "Follower", "Groth16", "Node", "Primitives", "RollupTypes", "StateKeeper", "StorageTesting", "TestSupport",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
        ]),

        // Benchmarks behind `rollup bench`.
        .target(name: "Benchmarks", dependencies: ["Support",
            "BlockSamples", "ChildProcess", "Algebra", "Ceremony", "R1CS", "Groth16", "Circuits", "Primitives", "Prover", "RollupTypes", "StateKeeper", "Storage", "Committer", "APIContract", "APIServer", "Follower", "Node", "Ethereum", "Settlement",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ], swiftSettings: inlineKernel),

        .executableTarget(
            name: "rollup",
            dependencies: ["APISchema", "Support", "Ethereum", "Settlement",
                "Algebra", "Benchmarks", "BlockSamples", "Ceremony", "Groth16", "R1CS", "Circuits", "Primitives", "Prover", "StateKeeper", "RollupTypes", "Storage", "Committer", "APIContract", "APIServer", "Follower", "Node", "Wallet",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        .testTarget(name: "PrimitivesTests", dependencies: ["Support", "Primitives", "Algebra"]),
        .testTarget(name: "EthereumTests", dependencies: ["Support", "Ethereum"]),
        // The contracts on the development L1 (scripts/dev_l1.py), driven through `rollup contracts`.
        .testTarget(name: "SettlementTests", dependencies: ["Support", "APIContract", "Algebra", "ChildProcess", "Ethereum", "Settlement", "Storage", "Primitives", "RollupTypes", "TestSupport"],
            exclude: ["Fixtures"]),
        // The keystore, and `rollup wallet` against live nodes.
        .testTarget(name: "WalletTests", dependencies: ["Support", "NodeTestSupport", "Wallet", "APIContract", "APIServer", "ChildProcess", "TestSupport", "Primitives", "Algebra",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
        ]),
        .testTarget(name: "RollupTypesTests", dependencies: ["Support", "RollupTypes", "Primitives", "Algebra"]),
        .testTarget(name: "BlockVerificationTests", dependencies: ["BlockVerification", "StateKeeper", "RollupTypes", "Primitives", "Algebra"]),
        .testTarget(name: "StateKeeperTests", dependencies: ["Support", "StateKeeper", "RollupTypes", "Primitives", "Algebra"]),
        .testTarget(name: "CircuitsTests", dependencies: ["Support", "BlockSamples", "TestSupport", "ChildProcess", "Circuits", "Prover", "Groth16", "R1CS", "R1CSTesting", "Primitives", "StateKeeper", "RollupTypes", "Algebra"], exclude: ["Fixtures"]),
        .testTarget(name: "StorageTests", dependencies: ["Support", "BlockVerification", "TestSupport", "Storage", "StorageTesting", "Committer", "Prover", "Circuits", "Groth16", "StateKeeper", "RollupTypes", "Primitives", "Algebra"]),
        .testTarget(name: "ProverTests", dependencies: ["Ceremony", "ChildProcess", "TestSupport", "Prover", "Storage", "StorageTesting", "Committer", "Circuits", "Groth16", "StateKeeper", "RollupTypes", "Primitives", "Algebra"]),
        // The API as a client meets it: routes, errors, limits, subscriptions, the explorer.
        .testTarget(name: "APIServerTests", dependencies: ["APISchema", "Support", "NodeTestSupport",
            "APIContract", "APIServer", "ChildProcess", "Follower", "Node", "Prover", "TestSupport", "Storage", "StorageTesting", "StateKeeper", "RollupTypes", "Primitives", "Algebra", "Groth16",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
        ]),
        // The node as one process: start, restart, signals, its data directory and keys, an outage, the whole chain.
        .testTarget(name: "NodeTests", dependencies: ["Support", "NodeTestSupport",
            "APIContract", "APIServer", "Ceremony", "ChildProcess", "Follower", "Node", "Prover", "TestSupport", "Storage", "StorageTesting", "RollupTypes", "Primitives", "Algebra", "Groth16",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
        ]),
        // A follower against an upstream node, honest or tampered with.
        .testTarget(name: "FollowerTests", dependencies: ["Support", "NodeTestSupport",
            "APIContract", "APIServer", "ChildProcess", "Follower", "Node", "TestSupport", "RollupTypes", "Algebra",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
        ]),
        // A fourth transaction kind declared here alone, end to end (its own process: make test).
        .testTarget(name: "KindExtensionTests", dependencies: ["NodeTestSupport", "APIContract", "APIServer", "BlockVerification", "Circuits",
            "Follower", "Groth16", "Node", "Primitives", "R1CS", "RollupTypes", "StateKeeper", "TestSupport", "Wallet", "Algebra",
            .product(name: "HummingbirdTesting", package: "hummingbird"), .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Prover fleets on PostgreSQL across network namespaces.
        .testTarget(name: "FleetTests", dependencies: ["NodeTestSupport",
            "APIContract", "APIServer", "Node", "TestSupport", "Storage", "StorageTesting", "RollupTypes",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
        ]),
        .testTarget(name: "R1CSTests", dependencies: ["R1CS", "Algebra", "Circuits"]),
        .testTarget(name: "CeremonyTests", dependencies: ["Support", "Ceremony", "Groth16", "R1CS", "Circuits", "Algebra", "ChildProcess", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "Groth16Tests", dependencies: ["Support", "Groth16", "R1CS", "R1CSTesting", "Circuits", "Algebra"], resources: [.copy("Fixtures")]),
        .testTarget(name: "AlgebraTests", dependencies: ["Support", "Algebra", "CFieldKernel"], resources: [.copy("Fixtures")]),
    ]
)
