import APIContract
import BlockVerification
import Committer
import Hummingbird
import RollupTypes
import Storage
import Support

/// The contract's views of what storage holds.
extension TransactionView {
    /// A stored transaction; a deposit to a new account shows the id it was given.
    init(_ stored: StoredTransaction) {
        let wire = TransactionStatusWire(stored.status)
        let assigned = stored.transaction.kind?.primaryAccount == nil ? stored.account.map { Int($0.value) } : nil
        self.init(hash: stored.hash, transaction: stored.transaction, status: wire.status, reason: wire.reason, block: wire.block, assignedAccount: assigned)
    }
}

extension BlockView {
    /// A stored block with its stored proof (snarkjs JSON) and who made it, if any.
    init(_ block: StoredBlock, proof: String?, record: ProofRecord?) throws {
        self.init(
            number: block.number, type: block.type.rawValue,
            status: block.verifiedAt != nil ? "verified" : block.hasProof ? "proved" : "committed",
            oldRoot: block.oldRoot.decimalString, newRoot: block.newRoot.decimalString, totalFee: String(block.totalFee),
            pubdata: "0x" + block.pubdata.hexString, authority: "0x" + block.authority.hexString, commitment: block.commitment.decimalString,
            committedAt: block.committedAt,
            verifiedAt: block.verifiedAt, transactions: block.transactionHashes,
            proof: try proof.map { text in
                do { return try JSONValue(parsing: text) } catch { throw StorageError.corrupt("the proof of block \(block.number): \(error)") }
            }, provedBy: record?.prover, proofMilliseconds: record?.milliseconds)
    }
}

extension ExitProofView {
    /// An account's place in the verified state.
    init(_ witness: VerifiedState.Witness) {
        self.init(
            account: Int(witness.account.value), publicKey: "0x" + witness.state.publicKey.packed.hexString, balance: String(witness.state.balance),
            nonce: witness.state.nonce, leaf: witness.state.leaf.decimalString, siblings: witness.path.siblings.map(\.decimalString),
            root: witness.root.decimalString, block: witness.block)
    }
}

extension AccountView: ResponseEncodable {}
extension AcceptedView: ResponseEncodable {}
extension BlockPage: ResponseEncodable {}
extension ChainView: ResponseEncodable {}
extension BlockView: ResponseEncodable {}
extension ExitProofView: ResponseEncodable {}
extension FeesView: ResponseEncodable {}
extension StatusView: ResponseEncodable {}
extension TransactionPage: ResponseEncodable {}
extension TransactionView: ResponseEncodable {}
