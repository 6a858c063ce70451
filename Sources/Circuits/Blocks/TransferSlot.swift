import Algebra
import Primitives
import R1CS
import RollupTypes

/// A transfer slot: the twin of `TransferHandler`. It checks the sender's
/// signature on the exact signed message with the sender's nonce and the
/// block's chain id, decodes
/// amount and fee, debits amount + fee from the sender (no underflow) and
/// bumps its nonce (no overflow), credits the recipient (no overflow), and
/// proves both leaves before and after; the fee goes to the block's total.
/// Both accounts must exist, since a leaf is a Poseidon image and an empty
/// slot is 0; amount > 0 and from ≠ to are enforced for real slots.
///
/// Padding (tag 0): from, to, amount and fee are 0, no signature is
/// checked and the root passes through unchanged.
///
/// Cost at depth 24: 21,025 constraints (pinned by the tests).
public struct TransferSlot: BlockSlot {
    var isReal: Bool
    var from: UInt32
    var to: UInt32
    var amount: UInt64
    var fee: UInt64
    var signature: (r8x: Fr, r8y: Fr, s: Fr)
    var sender: AccountWitness
    var recipient: AccountWitness

    public typealias Kind = Transfer

    public init?(sealed transfer: Transfer, updates: [AccountUpdate]) {
        guard let signature = transfer.signature, updates.count == 2,
              updates[0].account == transfer.from, updates[1].account == transfer.to
        else { return nil }
        isReal = true
        from = transfer.from.value
        to = transfer.to.value
        amount = transfer.amount.bits
        fee = transfer.fee.bits
        let (r8x, r8y) = signature.r8Affine
        self.signature = (r8x, r8y, signature.s)
        sender = AccountWitness(before: updates[0])
        recipient = AccountWitness(before: updates[1])
    }

    public init(paddingForTreeDepth depth: Int) {
        isReal = false
        (from, to, amount, fee) = (0, 0, 0, 0)
        signature = (.zero, .one, .zero)
        sender = AccountWitness(paddingForTreeDepth: depth)
        recipient = sender
    }

    public static func synthesize<CS: ConstraintSystem>(
        _ slot: TransferSlot?, root: LinearCombination, chain: LinearCombination, treeDepth: Int, _ cs: inout CS, _ name: String
    ) throws -> SlotOutput {
        let real = try cs.allocateBoolean("\(name) is real", value: slot?.isReal)
        let from = LinearCombination(try cs.allocate("\(name) from", value: slot.map { Fr(UInt64($0.from)) }))
        let to = LinearCombination(try cs.allocate("\(name) to", value: slot.map { Fr(UInt64($0.to)) }))
        let amount = LinearCombination(try cs.allocate("\(name) amount", value: slot.map { Fr($0.amount) }))
        let fee = LinearCombination(try cs.allocate("\(name) fee", value: slot.map { Fr($0.fee) }))
        let fromBits = try BitsGadget.decompose(from, bits: treeDepth, &cs, "\(name) from")
        let toBits = try BitsGadget.decompose(to, bits: treeDepth, &cs, "\(name) to")
        let amountBits = try BitsGadget.decompose(amount, bits: PackedAmount.width, &cs, "\(name) amount")
        let feeBits = try BitsGadget.decompose(fee, bits: PackedFee.width, &cs, "\(name) fee")
        // Amounts above 2^128 need no check of their own: the debit below cannot then fit 128 bits.
        let amountValue = try PackedFloatGadget.value(bits: amountBits, as: PackedAmount.self, &cs, "\(name) amount")
        let feeValue = try PackedFloatGadget.value(bits: feeBits, as: PackedFee.self, &cs, "\(name) fee")
        cs.enforceZeroWhenPadding(from + to + amount + fee, real: real, "\(name) fields")
        try cs.enforceNonzeroWhenReal(amountValue, real: real, "\(name) amount")
        try cs.enforceNonzeroWhenReal(from - to, real: real, "\(name) from - to")

        let sender = try AllocatedAccount(slot?.sender, treeDepth: treeDepth, &cs, "\(name) sender")
        let (senderBalance, senderNonce) = try sender.debit(amount: amountValue, fee: feeValue, real: real, &cs, "\(name) sender")
        let afterSender = try sender.updated(
            balance: senderBalance, nonce: senderNonce, indexBits: fromBits, root: root, real: real, &cs, "\(name) sender")

        let recipient = try AllocatedAccount(slot?.recipient, treeDepth: treeDepth, &cs, "\(name) recipient")
        let recipientBalance = recipient.balance + amountValue
        try BitsGadget.enforceRange(recipientBalance, bits: 128, &cs, "\(name) recipient balance fits 128 bits")
        let afterRecipient = try recipient.updated(
            balance: recipientBalance, nonce: recipient.nonce, indexBits: toBits, root: afterSender, real: real, &cs, "\(name) recipient")

        // The message word: tag(8) ‖ from(24) ‖ to(24) ‖ amount(40) ‖ fee(16) ‖ nonce(32).
        let word = LinearCombination(constant: Fr(UInt64(TransactionTag.transfer.rawValue)) * power(136))
            + power(112) * from + power(88) * to + power(48) * amount + power(32) * fee + sender.nonce
        let message = try PoseidonGadget.hash([chain, word], &cs, "\(name) message")
        try SlotSignature.enforce(slot?.signature, message: message, key: sender.publicKey, real: real, &cs, name)

        let pubdata = PubdataBits.tag(.transfer, real: real) + PubdataBits.accountID(fromBits) + PubdataBits.accountID(toBits)
            + PubdataBits.bigEndian(amountBits) + PubdataBits.bigEndian(feeBits)
        return SlotOutput(root: afterRecipient, pubdata: pubdata, fee: feeValue)
    }
}

/// 2^exponent as a field element.
public func power(_ exponent: Int) -> Fr {
    var result = Fr.one
    for _ in 0..<exponent { result = result.doubled() }
    return result
}

extension Transfer: SlottedKind {
    public typealias Slot = TransferSlot
}

/// The transfer block circuit: transfer slots, 8 per block in production.
public typealias TransferCircuit = BlockCircuit<TransferSlot>
