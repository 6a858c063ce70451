import RollupTypes

/// Block preparation: the sealed accounts, and the applying of a batch of
/// pending transactions to them as one block (the transactions that no
/// longer hold left out, with the reason), padded with no-ops and ending
/// with its fees credited to the fee account.
struct BlockPreparation: Sendable {
    /// The sealed state, for validation.
    private(set) var sealed: SealedAccounts
    /// The id the next new account gets.
    private(set) var nextAccount: UInt32
    private(set) var nextBlockNumber: UInt32
    let chain: ChainParameters
    let domain: SigningDomain
    /// The bridge sequences that sealed blocks spent.
    private(set) var spentSequences: Set<UInt64>

    init(sealed: SealedAccounts, nextBlockNumber: UInt32, chain: ChainParameters, domain: SigningDomain, spentSequences: Set<UInt64>) {
        self.sealed = sealed
        nextAccount = sealed.nextFreeID
        self.nextBlockNumber = nextBlockNumber
        self.chain = chain
        self.domain = domain
        self.spentSequences = spentSequences
    }

    /// A block of `type` holding those of `transactions` that still hold
    /// against the sealed state (signatures are not checked again), and
    /// those that do not, with the reason.
    mutating func prepare(_ type: BlockType, _ transactions: [Transaction]) -> (PreparedBlock, [(hash: String, reason: TransactionRejection)]) {
        SignaturePolicy.$skipSignatures.withValue(true) { prepareCheckingBalances(type, transactions) }
    }

    private mutating func prepareCheckingBalances(
        _ type: BlockType, _ transactions: [Transaction]
    ) -> (PreparedBlock, [(hash: String, reason: TransactionRejection)]) {
        let kind = TransactionKinds.kind(of: type)
        var slots = [Transaction](), writes = [[(AccountID, Account)]](), assigned = [AccountID?](), pubdata = [UInt8]()
        var rejected = [(hash: String, reason: TransactionRejection)]()
        var fees: UInt128 = 0
        for transaction in transactions {
            do throws(TransactionRejection) {
                let (slotWrites, fee) = try transaction.effects(on: StateView(sealed: sealed, nextAccount: nextAccount, domain: domain))
                // Admission keeps the fee account under its ceiling; this makes sure a block never passes it.
                let feeBalance = slotWrites.last { $0.0 == .feeAccount }?.1.balance ?? sealed.account(.feeAccount)?.balance ?? 0
                try FeeAccountCeiling.check(feeBalance, plus: fees, fee)
                guard let value = transaction.kind, let first = slotWrites.first?.0 else {
                    preconditionFailure("only transactions of a kind are pending, and each writes the account it acts on first")
                }
                var newAccount: AccountID?
                for (id, account) in slotWrites {
                    if sealed.account(id) == nil { newAccount = id }
                    sealed.set(id, account)
                }
                if let newAccount { nextAccount = newAccount.value + 1 }
                fees += fee
                if let sequence = value.spentBridgeSequence { spentSequences.insert(sequence) }
                slots.append(transaction)
                writes.append(slotWrites)
                let account = newAccount ?? first
                assigned.append(kind.opensAccounts ? account : nil)
                pubdata += value.pubdata(assignedAccount: account)
            } catch {
                rejected.append((transaction.hash, error))
            }
        }
        while slots.count < chain.slots(type) {
            slots.append(.noop)
            writes.append([])
            assigned.append(nil)
            pubdata += [UInt8](repeating: 0, count: kind.pubdataBytes)
        }
        var feeWrite: (AccountID, Account)?
        if kind.paysFees, var feeAccount = sealed.account(.feeAccount) {
            feeAccount.balance += fees  // checked slot by slot above
            sealed.set(.feeAccount, feeAccount)
            feeWrite = (.feeAccount, feeAccount)
        }
        let number = nextBlockNumber
        nextBlockNumber += 1
        let block = PreparedBlock(
            number: number, type: type, transactions: slots, writes: writes, feeWrite: feeWrite, totalFee: fees, pubdata: pubdata,
            authority: SealedBlock.authority(of: slots, type: type), assignedAccounts: assigned)
        return (block, rejected)
    }
}
