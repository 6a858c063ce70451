import Algebra
import BlockVerification
import Primitives
import RollupTypes
import StateKeeper
import Testing

/// The replay that the follower and the committer share, against the state
/// keeper: for every registered kind, a block the keeper seals, replayed
/// from its pubdata and published authority over the state before it,
/// gives the keeper's new root and fee; a slot that breaks a rule, or whose
/// authority does not vouch for it, is refused, naming the slot.
struct KindReplayTests {
    static let owner = EdDSAPrivateKey.generate()
    static let bridge = Ed25519SigningKey.generate()
    static let chain = try! ChainConfiguration.genesis(
        parameters: try! ChainParameters(treeDepth: 6, blockSizes: [.transfer: 4, .deposit: 2, .exit: 2]), operatorKey: owner.publicKey,
        bridgePublicKey: bridge.publicKey)

    /// The state before: the fee account, account 5 funded, account 6 empty.
    static func tree() throws -> AccountTree {
        try AccountTree(depth: chain.parameters.treeDepth, accounts: [
            (AccountID.feeAccount, Account(publicKey: owner.publicKey, balance: 3)),
            (try AccountID(5), Account(publicKey: owner.publicKey, balance: 1 << 40, nonce: 9)),
            (try AccountID(6), Account(publicKey: owner.publicKey)),
        ])
    }

    /// One block of `kind`'s sample, sealed by the keeper.
    static func sealed(_ kind: any TransactionKind.Type, amount: UInt128 = 100) async throws -> SealedBlock {
        let keeper = try RollupStateKeeper(configuration: StateKeeperConfiguration(chain), tree: try tree(), nextBlockNumber: 1, spentSequences: [])
        let sample = SampleTransaction(
            index: 0, account: try AccountID(5), holder: Account(publicKey: owner.publicKey, balance: 1 << 40, nonce: 9), key: owner,
            other: try AccountID(6), amount: try PackedAmount(packing: amount), fee: try PackedFee(packing: 2), randomBytes: [UInt8](repeating: 7, count: 32),
            chain: chain, bridge: bridge, sequence: 41)
        _ = try await keeper.submit(try kind.sample(sample).transaction)
        let result = await keeper.tick(now: .now + .seconds(3600))
        return try #require(result.blocks.first)
    }

    static func replay(
        _ block: SealedBlock, pubdata: [UInt8]? = nil, authority: [UInt8]? = nil, domain: SigningDomain = chain.signingDomain, spent: Set<UInt64> = []
    ) throws(PubdataReplay.SlotFailure) -> (root: Fr, fee: UInt128) {
        let before = try! tree()
        let replay = try PubdataReplay(
            type: block.type, pubdata: pubdata ?? block.pubdata, authority: authority ?? block.authority, slots: block.transactions.count,
            domain: domain, verified: { before.account($0) }, isSpent: { spent.contains($0) })
        var after = before
        for (id, account) in replay.writes { try! after.set(id, account) }
        return (after.root, replay.totalFee)
    }

    @Test func everyKindReplaysToTheKeepersRoot() async throws {
        #expect(TransactionKinds.all.count >= 3)
        for kind in TransactionKinds.all {
            let block = try await Self.sealed(kind)
            #expect(block.transactions.contains { $0 != .noop }, "\(kind.name)")
            let (root, fee) = try Self.replay(block)
            #expect(root == block.newRoot && fee == block.totalFee, "\(kind.name)")
        }
    }

    @Test func aSlotBreakingARuleIsRefusedByNumber() async throws {
        for kind in TransactionKinds.all {
            let block = try await Self.sealed(kind)
            // A byte in a padding slot (the block's last) is refused there.
            var padded = block.pubdata
            padded[padded.count - 1] = 1
            #expect(throws: PubdataReplay.SlotFailure(slot: block.transactions.count - 1, failure: .nonZeroPadding), "\(kind.name)") {
                try Self.replay(block, pubdata: padded)
            }
            // Another kind's tag in slot 0 is refused there.
            var retagged = block.pubdata
            retagged[0] = TransactionKinds.all.first { $0.tag != kind.tag }!.tag.rawValue
            #expect(throws: PubdataReplay.SlotFailure.self, "\(kind.name)") { try Self.replay(block, pubdata: retagged) }
        }
        // A transfer from an account that does not exist, and one paying more than the balance.
        let transfer = try await Self.sealed(Transfer.self)
        var unknown = transfer.pubdata
        unknown[3] = 9  // from: account 9
        #expect(throws: PubdataReplay.SlotFailure(slot: 0, failure: .unknownAccount(try AccountID(9)))) { try Self.replay(transfer, pubdata: unknown) }
        var overdraft = transfer.pubdata
        overdraft[11] = 0x80 | 30  // the amount's exponent: 100 · 10^30
        #expect(throws: PubdataReplay.SlotFailure(slot: 0, failure: .overdraft(try AccountID(5)))) { try Self.replay(transfer, pubdata: overdraft) }
    }

    /// A deposit's published authority must be the chain's bridge's
    /// signature of exactly these terms on this chain, with a sequence
    /// spent neither before nor earlier in the block.
    @Test func aDepositNeedsTheBridgesSignatureAndAnUnspentSequence() async throws {
        let block = try await Self.sealed(Deposit.self)
        #expect(try Self.replay(block).root == block.newRoot)
        var forged = block.authority
        forged[20] ^= 1  // a byte of slot 0's signature
        #expect(throws: PubdataReplay.SlotFailure(slot: 0, failure: .badBridgeSignature(sequence: 41))) { try Self.replay(block, authority: forged) }
        var otherSequence = block.authority
        otherSequence[7] ^= 1
        #expect(throws: PubdataReplay.SlotFailure(slot: 0, failure: .badBridgeSignature(sequence: 40))) { try Self.replay(block, authority: otherSequence) }
        var otherAmount = block.pubdata
        otherAmount[19] ^= 1  // the amount's last byte
        #expect(throws: PubdataReplay.SlotFailure(slot: 0, failure: .badBridgeSignature(sequence: 41))) { try Self.replay(block, pubdata: otherAmount) }
        let otherChain = try ChainConfiguration.genesis(parameters: Self.chain.parameters, operatorKey: Self.owner.publicKey, bridgePublicKey: Self.bridge.publicKey)
        #expect(throws: PubdataReplay.SlotFailure(slot: 0, failure: .badBridgeSignature(sequence: 41))) {
            try Self.replay(block, domain: otherChain.signingDomain)
        }
        #expect(throws: PubdataReplay.SlotFailure(slot: 0, failure: .sequenceSpent(41))) { try Self.replay(block, spent: [41]) }
        // The same deposit twice in one block.
        let slot = Deposit.pubdataBytes, published = Deposit.authorityBytes
        let twice = Array(block.pubdata[0..<slot]) + Array(block.pubdata[0..<slot])
        #expect(throws: PubdataReplay.SlotFailure(slot: 1, failure: .sequenceSpent(41))) {
            try Self.replay(block, pubdata: twice, authority: Array(block.authority[0..<published]) + Array(block.authority[0..<published]))
        }
        // Padding publishes no authority.
        var paddingAuthority = block.authority
        paddingAuthority[published] = 1
        #expect(throws: PubdataReplay.SlotFailure(slot: 1, failure: .nonZeroPadding)) { try Self.replay(block, authority: paddingAuthority) }
        // Account 2^24 − 1 means "a new account" and is never credited.
        var reserved = block.pubdata
        reserved[1...3] = [0xFF, 0xFF, 0xFF]
        #expect(throws: PubdataReplay.SlotFailure(slot: 0, failure: .reservedAccount)) { try Self.replay(block, pubdata: reserved) }
    }
}
