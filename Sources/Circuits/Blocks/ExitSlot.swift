import Algebra
import Primitives
import R1CS
import RollupTypes

/// An exit slot: the twin of `ExitHandler`. It checks the owner's
/// signature on the exact two-word message with the account's nonce and
/// the block's chain id,
/// debits amount + fee (no underflow), bumps the nonce (no overflow) and
/// proves the leaf before and after; the amount and the 20-byte L1 address
/// are published in the pubdata, the fee goes to the block's total.
/// amount > 0 is enforced for real slots.
///
/// Padding (tag 0): every field is 0, no signature is checked and the root
/// passes through unchanged.
///
/// Cost at depth 24: 13,296 constraints (pinned by the tests).
public struct ExitSlot: BlockSlot {
    var isReal: Bool
    var account: UInt32
    var amount: UInt128
    var fee: UInt64
    var l1Address: [UInt8]
    var signature: (r8x: Fr, r8y: Fr, s: Fr)
    var owner: AccountWitness

    public typealias Kind = Exit

    public init?(sealed exit: Exit, updates: [AccountUpdate]) {
        guard let signature = exit.signature, updates.count == 1,
              updates[0].account == exit.account
        else { return nil }
        isReal = true
        account = exit.account.value
        amount = exit.amount
        fee = exit.fee.bits
        l1Address = exit.l1Address
        let (r8x, r8y) = signature.r8Affine
        self.signature = (r8x, r8y, signature.s)
        owner = AccountWitness(before: updates[0])
    }

    public init(paddingForTreeDepth depth: Int) {
        isReal = false
        (account, amount, fee) = (0, 0, 0)
        l1Address = [UInt8](repeating: 0, count: 20)
        signature = (.zero, .one, .zero)
        owner = AccountWitness(paddingForTreeDepth: depth)
    }

    public static func synthesize<CS: ConstraintSystem>(
        _ slot: ExitSlot?, root: LinearCombination, chain: LinearCombination, treeDepth: Int, _ cs: inout CS, _ name: String
    ) throws -> SlotOutput {
        let real = try cs.allocateBoolean("\(name) is real", value: slot?.isReal)
        let account = LinearCombination(try cs.allocate("\(name) account", value: slot.map { Fr(UInt64($0.account)) }))
        let amount = LinearCombination(try cs.allocate("\(name) amount", value: slot.map { Fr($0.amount) }))
        let fee = LinearCombination(try cs.allocate("\(name) fee", value: slot.map { Fr($0.fee) }))
        let accountBits = try BitsGadget.decompose(account, bits: treeDepth, &cs, "\(name) account")
        let amountBits = try BitsGadget.decompose(amount, bits: 128, &cs, "\(name) amount")
        let feeBits = try BitsGadget.decompose(fee, bits: PackedFee.width, &cs, "\(name) fee")
        let feeValue = try PackedFloatGadget.value(bits: feeBits, as: PackedFee.self, &cs, "\(name) fee")
        // The address, most significant bit first, as it is signed and published.
        let addressBits = try (0..<160).map { index in
            try cs.allocateBoolean("\(name) L1 address bit \(index)", value: slot.map { ($0.l1Address[index / 8] >> UInt8(7 - index % 8)) & 1 == 1 })
        }
        let address = BitsGadget.recompose(addressBits.reversed())
        cs.enforceZeroWhenPadding(account + amount + fee + address, real: real, "\(name) fields")
        try cs.enforceNonzeroWhenReal(amount, real: real, "\(name) amount")

        let owner = try AllocatedAccount(slot?.owner, treeDepth: treeDepth, &cs, "\(name) owner")
        let (balance, nonce) = try owner.debit(amount: amount, fee: feeValue, real: real, &cs, name)
        let newRoot = try owner.updated(balance: balance, nonce: nonce, indexBits: accountBits, root: root, real: real, &cs, "\(name) owner")

        // Word 0: tag(8) ‖ account(24) ‖ fee(16) ‖ nonce(32) ‖ amount(128); word 1: the address.
        let word = LinearCombination(constant: Fr(UInt64(TransactionTag.exit.rawValue)) * power(200))
            + power(176) * account + power(160) * fee + power(128) * owner.nonce + amount
        let message = try PoseidonGadget.hash([chain, word, address], &cs, "\(name) message")
        try SlotSignature.enforce(slot?.signature, message: message, key: owner.publicKey, real: real, &cs, name)

        let pubdata = PubdataBits.tag(.exit, real: real) + PubdataBits.accountID(accountBits) + PubdataBits.bigEndian(amountBits)
            + PubdataBits.bigEndian(feeBits) + addressBits.map { LinearCombination($0) }
        return SlotOutput(root: newRoot, pubdata: pubdata, fee: feeValue)
    }
}

extension Exit: SlottedKind {
    public typealias Slot = ExitSlot
}

/// The exit block circuit: exit slots, 7 per block in production.
public typealias ExitCircuit = BlockCircuit<ExitSlot>
