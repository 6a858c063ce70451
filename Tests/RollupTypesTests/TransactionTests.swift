import Algebra
import Primitives
import RollupTypes
import Support
import Testing

/// Signed messages, ids, pubdata and the commitment follow docs/PROTOCOL.md.
struct TransactionTests {
    static let key = try! EdDSAPrivateKey(hex: "0001020304050607080900010203040506070809000102030405060708090001")
    /// The worked example's chain (docs/PROTOCOL.md): production's shape,
    /// the key above as operator, the bridge of seed 0x01…01 and salt 0x02…02.
    static let bridge = try! Ed25519SigningKey(seed: [UInt8](repeating: 1, count: 32))
    static let exampleChain = try! ChainConfiguration(
        parameters: .production, operatorKey: key.publicKey, bridgePublicKey: bridge.publicKey, salt: [UInt8](repeating: 2, count: 32))
    static let chain = exampleChain.chainID

    static func transfer(nonce: UInt32 = 7) throws -> Transfer {
        Transfer(from: try AccountID(1), to: try AccountID(2), amount: try PackedAmount(packing: 1500),
                 fee: try PackedFee(packing: 3), nonce: nonce)
    }

    @Test func transferMessageWordLayout() throws {
        // tag 2 | from 1 | to 2 | amount bits | fee bits | nonce 7, most significant first.
        let t = try Self.transfer()
        let expected = (((((GMPInteger(2) << 24 + GMPInteger(1)) << 24 + GMPInteger(2)) << 40
            + GMPInteger(t.amount.bits)) << 16 + GMPInteger(t.fee.bits)) << 32) + GMPInteger(7)
        #expect(t.messageWord.integer == expected)
        #expect(t.signedMessage(chain: Self.chain) == (try Poseidon.hash([Self.chain.element, t.messageWord])))
        #expect(t.pubdata.count == 14)
        #expect(t.pubdata == [2, 0, 0, 1, 0, 0, 2] + [0, 0, 0, 0xBB, 0x80] + [0, 0x60])
    }

    /// The worked example in docs/PROTOCOL.md.
    @Test func protocolWorkedExample() throws {
        #expect(Self.bridge.publicKey.hexString == "8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c")
        #expect(Self.exampleChain.parameters.genesisRoot(operatorKey: Self.key.publicKey).decimalString == "10951458399582957443911594380589999767771813805201961204509254836123329115026")
        #expect(Self.chain.description == "0x1254e1861fd406f8f55e2aa7a65591520fab541f3355c974b7b9a84ac7cb4610")
        let t = try Self.transfer()
        #expect(t.messageWord.decimalString == "174224577055817970798108581024993531396103")
        #expect(t.signedMessage(chain: Self.chain).decimalString == "21135704009304096759731635319045188816927258150836470226866080605174378424507")
        let signature = try #require(t.signed(with: Self.key, chain: Self.chain).signature)
        #expect(signature.s.decimalString == "460698063357323702862203494857762961442640955993550410951191504535638199906")
        #expect(signature.packed.hexString == "00e17310734ae83dcab5d52d12b5fbc9204d1b967349669998da1141f9f5f402"
            + "624e533a6ad56ebcd7a767a608cf22f818c28c7fc219831d9026f3e6f0be0401")
        #expect(t.pubdata.hexString == "02000001000002000000bb800060")
        let deposit = Deposit(account: nil, publicKey: Self.key.publicKey, amount: 1000, bridgeSequence: 7).signed(by: Self.bridge, chain: Self.chain)
        #expect(deposit.bridgeMessage(chain: Self.chain).hexString == "1254e1861fd406f8f55e2aa7a65591520fab541f3355c974b7b9a84ac7cb4610"
            + "01ffffff000000000000000000000000000003e8c433f7a696b7aa3a5224efb3993baf0ccd9e92eecee0c29a3f6c8208a9e81d9e0000000000000007")
        #expect(deposit.bridgeSignature?.hexString == "6f08974b629f3c0fca282c3b337cd6e3d4d04ed23d614f89e288c671146f4886"
            + "4c14fb88e634e35b20b75993f9bbe7bd5db62bfb165dcade127c73635554e309")
    }

    @Test func signaturesCoverEveryFieldAndTheChain() throws {
        let signed = try Self.transfer().signed(with: Self.key, chain: Self.chain)
        let signature = try #require(signed.signature)
        #expect(EdDSAVerifier.verify(signed.signedMessage(chain: Self.chain), signature: signature, key: Self.key.publicKey))
        var changed = signed
        changed.nonce += 1
        #expect(!EdDSAVerifier.verify(changed.signedMessage(chain: Self.chain), signature: signature, key: Self.key.publicKey))
        changed = signed
        changed.to = try AccountID(3)
        #expect(!EdDSAVerifier.verify(changed.signedMessage(chain: Self.chain), signature: signature, key: Self.key.publicKey))
        // Another chain: another message, and the signature is no longer valid.
        let other = try ChainConfiguration.genesis(parameters: .production, operatorKey: Self.key.publicKey, bridgePublicKey: Self.bridge.publicKey)
        #expect(other.chainID != Self.chain)
        let owner = Account(publicKey: Self.key.publicKey)
        #expect(signed.isAuthorized(owner: owner, in: Self.exampleChain.signingDomain))
        #expect(!signed.isAuthorized(owner: owner, in: other.signingDomain))
        let exit = try Exit(account: try AccountID(1), amount: 5, fee: try PackedFee(packing: 0), nonce: 0, l1Address: [UInt8](repeating: 1, count: 20))
            .signed(with: Self.key, chain: Self.chain)
        #expect(exit.isAuthorized(owner: owner, in: Self.exampleChain.signingDomain))
        #expect(!exit.isAuthorized(owner: owner, in: other.signingDomain))
        // A deposit the bridge signed for one chain is no deposit on another.
        let deposit = Deposit(account: nil, publicKey: Self.key.publicKey, amount: 10, bridgeSequence: 1).signed(by: Self.bridge, chain: Self.chain)
        #expect(deposit.isAuthorized(owner: nil, in: Self.exampleChain.signingDomain))
        #expect(!deposit.isAuthorized(owner: nil, in: other.signingDomain))
        var moreMoney = deposit
        moreMoney.amount = 11
        #expect(!moreMoney.isAuthorized(owner: nil, in: Self.exampleChain.signingDomain))
    }

    /// The chain id follows every input of its derivation, and stays below 2^253.
    @Test func theChainIDBindsTheGenesis() throws {
        let base = Self.exampleChain
        #expect(base.chainID.bytes[0] & 0xE0 == 0)
        #expect(try ChainID(hex: base.chainID.description) == base.chainID)
        #expect(throws: ChainID.Invalid.self) { try ChainID(bytes: [0xE0] + [UInt8](repeating: 0, count: 31)) }
        let variants = [
            try ChainConfiguration(parameters: try ChainParameters(treeDepth: 22, blockSizes: ChainParameters.production.blockSizes),
                                   operatorKey: base.operatorKey, bridgePublicKey: base.bridgePublicKey, salt: base.salt),
            try ChainConfiguration(parameters: try ChainParameters(treeDepth: 24, blockSize: 8), operatorKey: base.operatorKey,
                                   bridgePublicKey: base.bridgePublicKey, salt: base.salt),
            try ChainConfiguration(parameters: base.parameters, operatorKey: EdDSAPrivateKey.generate().publicKey, bridgePublicKey: base.bridgePublicKey, salt: base.salt),
            try ChainConfiguration(parameters: base.parameters, operatorKey: base.operatorKey, bridgePublicKey: Ed25519SigningKey.generate().publicKey, salt: base.salt),
            try ChainConfiguration(parameters: base.parameters, operatorKey: base.operatorKey, bridgePublicKey: base.bridgePublicKey,
                                   salt: [UInt8](repeating: 2, count: 31) + [3]),
        ]
        #expect(Set(variants.map(\.chainID) + [base.chainID]).count == variants.count + 1)
        // The transfer timeout is in no chain id.
        #expect(try base.withFullBlockTimeout(.seconds(5)).chainID == base.chainID)
    }

    /// A chain bound to its L1 contracts: the worked example of
    /// docs/PROTOCOL.md ("The chain id"; Python's hashlib derives the same),
    /// and every part of the binding changes the id.
    @Test func theChainIDBindsTheL1ChainAndTheContract() throws {
        let rollup = try #require([UInt8](hex: "51a240271ab8ab9f9a21c82d9a85396b704e164d"))
        let bound = Self.exampleChain.bound(to: try L1Binding(l1ChainID: 131_277_322_940_537, rollup: rollup))
        #expect(bound.genesisChainID == Self.chain)
        #expect(bound.chainID.description == "0x02c81b042494d4ac50d9bdb4b77400c4b8e262cdb000dee9a5df55758f1ba73d")
        let others = [
            Self.exampleChain.bound(to: try L1Binding(l1ChainID: 1, rollup: rollup)),
            Self.exampleChain.bound(to: try L1Binding(l1ChainID: 131_277_322_940_537, rollup: [0xB9] + rollup.dropFirst())),
        ]
        #expect(Set(others.map(\.chainID) + [bound.chainID, Self.chain]).count == 4)
        #expect(throws: L1Binding.Invalid.self) { try L1Binding(l1ChainID: 1, rollup: Array(rollup.dropLast())) }
    }

    @Test func typesNeverShareAMessage() throws {
        // An exit and a transfer with the same numbers sign different words (the tag).
        let exit = try Exit(account: try AccountID(1), amount: 1500, fee: try PackedFee(packing: 3), nonce: 7, l1Address: [UInt8](repeating: 0xAB, count: 20))
        let transfer = try Self.transfer()
        #expect(exit.signedMessage(chain: Self.chain) != transfer.signedMessage(chain: Self.chain))
        #expect(exit.messageWords[0].integer >> 200 == GMPInteger(3))
        #expect(transfer.messageWord.integer >> 136 == GMPInteger(2))
        #expect(exit.pubdata.count == 42)
        #expect(throws: Exit.InvalidAddress.self) {
            try Exit(account: try AccountID(1), amount: 1, fee: try PackedFee(packing: 0), nonce: 0, l1Address: [1, 2])
        }
    }

    @Test func idsAreStableAndDistinct() throws {
        let a = Transaction.transfer(try Self.transfer().signed(with: Self.key, chain: Self.chain))
        let b = Transaction.transfer(try Self.transfer().signed(with: Self.key, chain: Self.chain))
        let c = Transaction.transfer(try Self.transfer(nonce: 8).signed(with: Self.key, chain: Self.chain))
        #expect(a.hash == b.hash)  // EdDSA is deterministic: a resubmission has the same id
        #expect(a.hash != c.hash)
        #expect(a.hash.count == 66 && a.hash.hasPrefix("0x"))
        let deposit = Deposit(account: nil, publicKey: Self.key.publicKey, amount: 10, bridgeSequence: 1)
        var again = deposit
        again.bridgeSequence = 2
        #expect(Transaction.deposit(deposit).hash != Transaction.deposit(again).hash)
        #expect(deposit.pubdata(assignedAccount: try AccountID(5)).count == 52)
        // A new-account deposit and a top-up never share an encoding: 2^24 − 1 is never an account.
        let topUp = Deposit(account: .newAccount, publicKey: Self.key.publicKey, amount: 10, bridgeSequence: 1)
        #expect(topUp.idPreimage == deposit.idPreimage)  // the same terms: the reserved id is how "new" is written
        #expect(try Transaction(encoded: topUp.idPreimage) == .deposit(deposit))
    }

    @Test func commitmentIsBelowRAndBindsEveryField() throws {
        let base = BlockCommitment.compute(blockNumber: 1, totalFee: 3, pubdata: [1, 2, 3])
        #expect(base.integer.bitWidth <= 253)
        #expect(base != BlockCommitment.compute(blockNumber: 2, totalFee: 3, pubdata: [1, 2, 3]))
        #expect(base != BlockCommitment.compute(blockNumber: 1, totalFee: 4, pubdata: [1, 2, 3]))
        #expect(base != BlockCommitment.compute(blockNumber: 1, totalFee: 3, pubdata: [1, 2, 4]))
        // The preimage layout, recomputed by hand.
        var preimage: [UInt8] = [0, 0, 0, 1]
        preimage += [UInt8](repeating: 0, count: 15) + [3] + [1, 2, 3]
        var digest = SHA256.hash(preimage)
        digest[0] &= 0x1F
        #expect(base == (try Fr(bigEndianBytes: digest)))
        #expect(BlockCommitment.publicInputs(oldRoot: 1, newRoot: 2, commitment: base, chainID: Self.chain) == [1, 2, base, Self.chain.element])
    }
}
