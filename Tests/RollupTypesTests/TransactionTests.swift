import Algebra
import Primitives
import RollupTypes
import Testing

/// Signed messages, ids, pubdata and the commitment follow docs/PROTOCOL.md.
struct TransactionTests {
    static let key = try! EdDSAPrivateKey(hex: "0001020304050607080900010203040506070809000102030405060708090001")

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
        #expect(t.signedMessage == (try Poseidon.hash([t.messageWord])))
        #expect(t.pubdata.count == 14)
        #expect(t.pubdata == [2, 0, 0, 1, 0, 0, 2] + [0, 0, 0, 0xBB, 0x80] + [0, 0x60])
    }

    /// The worked example in docs/PROTOCOL.md.
    @Test func protocolWorkedExample() throws {
        let t = try Self.transfer()
        #expect(t.messageWord.decimalString == "174224577055817970798108581024993531396103")
        #expect(t.signedMessage.decimalString == "5673648399831340613428539507291783042001689795678647113068878479637927752682")
        let signature = try #require(t.signed(with: Self.key).signature)
        #expect(signature.s.decimalString == "1594647527841291335926634011990682214075834345335106617413203955920566982429")
        #expect(signature.packed.hexString == "8c4f8f80b085ccaaac55ac969df6e827f1ba688bd2451ebc769b2b5fa849ea9e"
            + "1d972f619b1c80a2821998e3b777d37b6302fda581af9c84a1b1392fdc898603")
        #expect(t.pubdata.hexString == "02000001000002000000bb800060")
    }

    @Test func signaturesCoverEveryField() throws {
        let signed = try Self.transfer().signed(with: Self.key)
        let signature = try #require(signed.signature)
        #expect(EdDSAVerifier.verify(signed.signedMessage, signature: signature, key: Self.key.publicKey))
        var changed = signed
        changed.nonce += 1
        #expect(!EdDSAVerifier.verify(changed.signedMessage, signature: signature, key: Self.key.publicKey))
        changed = signed
        changed.to = try AccountID(3)
        #expect(!EdDSAVerifier.verify(changed.signedMessage, signature: signature, key: Self.key.publicKey))
    }

    @Test func typesNeverShareAMessage() throws {
        // An exit and a transfer with the same numbers sign different words (the tag).
        let exit = try Exit(account: try AccountID(1), amount: 1500, fee: try PackedFee(packing: 3), nonce: 7, l1Address: [UInt8](repeating: 0xAB, count: 20))
        let transfer = try Self.transfer()
        #expect(exit.signedMessage != transfer.signedMessage)
        #expect(exit.messageWords[0].integer >> 200 == GMPInteger(3))
        #expect(transfer.messageWord.integer >> 136 == GMPInteger(2))
        #expect(exit.pubdata.count == 42)
        #expect(throws: Exit.InvalidAddress.self) {
            try Exit(account: try AccountID(1), amount: 1, fee: try PackedFee(packing: 0), nonce: 0, l1Address: [1, 2])
        }
    }

    @Test func idsAreStableAndDistinct() throws {
        let a = Transaction.transfer(try Self.transfer().signed(with: Self.key))
        let b = Transaction.transfer(try Self.transfer().signed(with: Self.key))
        let c = Transaction.transfer(try Self.transfer(nonce: 8).signed(with: Self.key))
        #expect(a.hash == b.hash)  // EdDSA is deterministic: a resubmission has the same id
        #expect(a.hash != c.hash)
        #expect(a.hash.count == 66 && a.hash.hasPrefix("0x"))
        let deposit = Deposit(account: nil, publicKey: Self.key.publicKey, amount: 10, bridgeSequence: 1)
        var again = deposit
        again.bridgeSequence = 2
        #expect(Transaction.deposit(deposit).hash != Transaction.deposit(again).hash)
        #expect(deposit.pubdata(assignedAccount: try AccountID(5)).count == 52)
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
        #expect(BlockCommitment.publicInputs(oldRoot: 1, newRoot: 2, commitment: base) == [1, 2, base])
    }
}
