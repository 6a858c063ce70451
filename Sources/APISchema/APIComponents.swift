import APIContract
import Algebra
import Foundation
import Primitives
import RollupTypes
import Support

/// The API's components as docs/openapi.json names them, each with examples
/// of its contract type (every optional field present, then none), from
/// which ``APISchemaInference`` writes the document's schemas.
public enum APIComponents {
    public static var all: [APISchemaInference.Component] {
        get throws {
            let key = try EdDSAPrivateKey(bytes: [UInt8](repeating: 7, count: 32))
            let bridgeKey = Ed25519SigningKey.generate()
            let chain = try ChainConfiguration(
                parameters: .production, operatorKey: key.publicKey, bridgePublicKey: bridgeKey.publicKey, salt: [UInt8](repeating: 9, count: 32))
            // Each kind's samples (TransactionKind.sample): slot 0 names every
            // field, slot 1 leaves out what a kind may leave out (a deposit's account).
            func sample(_ kind: any TransactionKind.Type, slot: Int) throws -> Transaction {
                try kind.sample(SampleTransaction(
                    index: slot, account: try AccountID(1), holder: Account(publicKey: key.publicKey, balance: 1 << 40, nonce: 7), key: key,
                    other: try AccountID(2), amount: try PackedAmount(packing: 1500), fee: try PackedFee(packing: 3),
                    randomBytes: [UInt8](repeating: 0xAB, count: 32), chain: chain, bridge: bridgeKey, sequence: UInt64(slot))).transaction
            }
            func view(_ transaction: Transaction, status: String, reason: String?, block: UInt32?) -> TransactionView {
                TransactionView(hash: transaction.hash, transaction: transaction, status: status, reason: reason, block: block, assignedAccount: nil)
            }
            let transactionViews = try TransactionKinds.all.map { kind in
                (full: view(try sample(kind, slot: 0), status: "rejected", reason: "the nonce moved on", block: 3) as any Encodable,
                 minimal: view(try sample(kind, slot: 1), status: "pending", reason: nil, block: nil) as any Encodable)
            }
            let submitted = try TransactionKinds.all.map { kind in
                (full: SubmittedTransaction(try sample(kind, slot: 0)) as any Encodable, minimal: SubmittedTransaction(try sample(kind, slot: 1)) as any Encodable)
            }
            let transfer = try sample(Transfer.self, slot: 0)
            let deposit = Deposit(account: try AccountID(1), publicKey: key.publicKey, amount: 1000, bridgeSequence: 4).signed(by: bridgeKey, chain: chain.chainID)
            let newAccountDeposit = Deposit(account: nil, publicKey: key.publicKey, amount: 1000, bridgeSequence: 5)

            let state = AccountView.State(balance: "617", nonce: 2)
            let proof = try JSONValue(parsing: #"{"pi_a":["1","2","1"],"pi_b":[["1","2"],["3","4"],["1","0"]],"pi_c":["5","6","1"],"protocol":"groth16","curve":"bn128"}"#)
            func block(proof: JSONValue?, verifiedAt: Int64?) -> BlockView {
                BlockView(
                    number: 2, type: "transfer", status: "verified", oldRoot: "1", newRoot: "2", totalFee: "6", pubdata: "0x00", authority: "0x", commitment: "3",
                    committedAt: 1_764_000_000_000, verifiedAt: verifiedAt, transactions: [transfer.hash], proof: proof,
                    provedBy: proof == nil ? nil : "node-1-prover-1", proofMilliseconds: proof == nil ? nil : 2_480)
            }
            let status = { (next: Double?, following: StatusView.Following?) in
                StatusView(
                    lastCommittedBlock: 4, lastVerifiedBlock: 3, pendingTransactions: 2, nextTransferBlockIn: next, proofQueueDepth: 1,
                    provers: [
                        StatusView.Prover(
                            name: "node-1-prover-1", block: next == nil ? nil : 4, heartbeatAgeSeconds: next == nil ? nil : 0.4,
                            claimAgeSeconds: next == nil ? nil : 1.2)
                    ],
                    flags: [StatusView.Flag(block: 2, failures: [StatusView.Failure(prover: "prover-a-17", reason: "out of memory")])],
                    verificationHalt: next == nil ? nil : StatusView.Halt(block: 3, reason: "slot 0 cannot be replayed: …"),
                    recentProofTimes: [StatusView.ProofTime(block: 3, seconds: 2.5)], suggestedFee: "1", following: following,
                    settlement: following == nil ? nil : StatusView.Settlement(
                        l1Head: 21_000_100, committedOnL1: 4, provedOnL1: 3, pendingTransaction: "0x" + String(repeating: "ef", count: 32),
                        gasSpent: "1520648", problem: "cannot reach the L1 endpoint http://127.0.0.1:8545: connection refused"))
            }
            let following = StatusView.Following(
                upstream: "http://operator.example:8080/", upstreamHead: 5, lastContact: 1_764_000_002_000, refusedBlock: 4,
                refusal: "its proof does not verify under the pinned verifying key", problem: "cannot reach the node at http://operator.example:8080/")
            let hash = String(repeating: "ab", count: 32)
            let chainView = ChainView(
                chain, keyHashes: Dictionary(uniqueKeysWithValues: BlockType.allCases.map { ($0, hash) }),
                setups: Dictionary(uniqueKeysWithValues: BlockType.allCases.map { ($0, KeySetup.ceremony) }))
            let settledChainView = {
                let address = "0x" + String(repeating: "c0", count: 20)
                var view = ChainView(
                    chain.bound(to: try! L1Binding(l1ChainID: 1, rollup: [UInt8](repeating: 0xC0, count: 20))),
                    keyHashes: Dictionary(uniqueKeysWithValues: BlockType.allCases.map { ($0, hash) }),
                    setups: Dictionary(uniqueKeysWithValues: BlockType.allCases.map { ($0, KeySetup.ceremony) }))
                view.settlement = SettlementView(
                    l1ChainId: 1, rollup: address, verifiers: Dictionary(uniqueKeysWithValues: BlockType.allCases.map { ($0.rawValue, address) }),
                    deploymentBlock: 21_000_000, weiPerUnit: "1000000000")
                return view
            }()
            let exitProof = ExitProofView(
                account: 1, publicKey: "0x" + key.publicKey.packed.hexString, balance: "617", nonce: 2, leaf: "4", siblings: ["5", "6", "7"],
                root: "8", block: 3)
            let fees = FeesView(
                fees: [
                    "transfer": FeesView.Fees(minimum: "10", baseFee: "12", suggestedFee: "14", expectedSecondsToVerification: 10.9),
                    "exit": FeesView.Fees(minimum: "10", baseFee: "12", suggestedFee: "14", expectedSecondsToVerification: 8.4),
                ],
                backlogBlocks: 6, targetBacklogBlocks: 4, maxBacklogBlocks: 32, liveProvers: 2, proofSeconds: 3.1, expectedSecondsToVerification: 10.9, source: "node")
            return [
                .init("Fees", [(full: fees, minimal: fees)]),
                .init("Error", [(full: APIErrorBody(code: "bad_nonce", message: "…"), minimal: APIErrorBody(code: "bad_nonce", message: "…"))]),
                .init("SubmittedTransaction", submitted, discriminator: "type"),
                .init("DepositRequest", [
                    (full: DepositRequest(deposit: deposit), minimal: DepositRequest(deposit: newAccountDeposit)),
                ]),
                .init("Accepted", [
                    (full: AcceptedView(hash: transfer.hash, status: "pending", accountId: 1), minimal: AcceptedView(hash: transfer.hash, status: "pending", accountId: nil)),
                ]),
                .init("Transaction", transactionViews, discriminator: "type"),
                .init("TransactionPage", [
                    (full: TransactionPage(transactions: [view(transfer, status: "pending", reason: nil, block: nil)], next: 9),
                     minimal: TransactionPage(transactions: [view(transfer, status: "pending", reason: nil, block: nil)], next: nil)),
                ], references: ["transactions": "Transaction"]),
                .init("AccountState", [(full: state, minimal: state)]),
                .init("Account", [
                    (full: AccountView(id: 1, publicKey: "0x" + key.publicKey.packed.hexString, committed: state, verified: state, pending: state),
                     minimal: AccountView(id: 1, publicKey: "0x" + key.publicKey.packed.hexString, committed: nil, verified: nil, pending: state)),
                ], references: ["committed": "AccountState", "verified": "AccountState", "pending": "AccountState"]),
                .init("Block", [(full: block(proof: proof, verifiedAt: 1_764_000_001_000), minimal: block(proof: nil, verifiedAt: nil))]),
                .init("BlockPage", [(full: BlockPage(blocks: [block(proof: nil, verifiedAt: nil)]), minimal: BlockPage(blocks: [block(proof: nil, verifiedAt: nil)]))],
                      references: ["blocks": "Block"]),
                .init("Status", [(full: status(12.5, following), minimal: status(nil, nil))],
                      references: ["following": "Following", "flags": "Flag", "verificationHalt": "Halt"]),
                .init("Flag", [(full: StatusView.Flag(block: 2, failures: [StatusView.Failure(prover: "prover-a-17", reason: "out of memory")]),
                                minimal: StatusView.Flag(block: 2, failures: [StatusView.Failure(prover: "prover-a-17", reason: "out of memory")]))],
                      references: ["failures": "Failure"]),
                .init("Failure", [(full: StatusView.Failure(prover: "prover-a-17", reason: "out of memory"),
                                   minimal: StatusView.Failure(prover: "prover-a-17", reason: "out of memory"))]),
                .init("Halt", [(full: StatusView.Halt(block: 3, reason: "…"), minimal: StatusView.Halt(block: 3, reason: "…"))]),
                .init("Following", [(full: following, minimal: StatusView.Following(upstream: "http://operator.example:8080/", upstreamHead: nil, lastContact: nil, refusedBlock: nil, refusal: nil))]),
                .init("Chain", [(full: settledChainView, minimal: chainView)]),
                .init("ExitProof", [(full: exitProof, minimal: exitProof)]),
            ]
        }
    }
}
