import Algebra
import Circuits
import Primitives
import R1CS
import RollupTypes

/// A tip's slot in constraints, the twin of ``TipHandler``: the owner's
/// signature on the one-word message with the account's nonce and the
/// block's chain id, the fee (above 0) debited without underflow, the nonce
/// bumped, the leaf proved before and after; account and fee published.
/// Padding (tag 0) leaves the root as it is.
struct TipSlot: BlockSlot {
    var isReal: Bool
    var account: UInt32
    var fee: UInt64
    var signature: (r8x: Fr, r8y: Fr, s: Fr)
    var owner: AccountWitness

    typealias Kind = Tip

    init?(sealed tip: Tip, updates: [AccountUpdate]) {
        guard let signature = tip.signature, updates.count == 1, updates[0].account == tip.account else { return nil }
        isReal = true
        account = tip.account.value
        fee = tip.fee.bits
        let (r8x, r8y) = signature.r8Affine
        self.signature = (r8x, r8y, signature.s)
        owner = AccountWitness(before: updates[0])
    }

    init(paddingForTreeDepth depth: Int) {
        isReal = false
        (account, fee) = (0, 0)
        signature = (.zero, .one, .zero)
        owner = AccountWitness(paddingForTreeDepth: depth)
    }

    static func synthesize<CS: ConstraintSystem>(
        _ slot: TipSlot?, root: LinearCombination, chain: LinearCombination, treeDepth: Int, _ cs: inout CS, _ name: String
    ) throws -> SlotOutput {
        let real = try cs.allocateBoolean("\(name) is real", value: slot?.isReal)
        let account = LinearCombination(try cs.allocate("\(name) account", value: slot.map { Fr(UInt64($0.account)) }))
        let fee = LinearCombination(try cs.allocate("\(name) fee", value: slot.map { Fr($0.fee) }))
        let accountBits = try BitsGadget.decompose(account, bits: treeDepth, &cs, "\(name) account")
        let feeBits = try BitsGadget.decompose(fee, bits: PackedFee.width, &cs, "\(name) fee")
        let feeValue = try PackedFloatGadget.value(bits: feeBits, as: PackedFee.self, &cs, "\(name) fee")
        cs.enforceZeroWhenPadding(account + fee, real: real, "\(name) fields")
        try cs.enforceNonzeroWhenReal(feeValue, real: real, "\(name) fee")

        let owner = try AllocatedAccount(slot?.owner, treeDepth: treeDepth, &cs, "\(name) owner")
        let (balance, nonce) = try owner.debit(amount: .zero, fee: feeValue, real: real, &cs, name)
        let newRoot = try owner.updated(balance: balance, nonce: nonce, indexBits: accountBits, root: root, real: real, &cs, "\(name) owner")

        // tag(8) ‖ account(24) ‖ fee(16) ‖ nonce(32), as Tip.messageWord packs it.
        let word = LinearCombination(constant: Fr(UInt64(Tip.tag.rawValue)) * power(72))
            + power(48) * account + power(32) * fee + owner.nonce
        let message = try PoseidonGadget.hash([chain, word], &cs, "\(name) message")
        try SlotSignature.enforce(slot?.signature, message: message, key: owner.publicKey, real: real, &cs, name)

        let pubdata = PubdataBits.tag(Tip.tag, real: real) + PubdataBits.accountID(accountBits) + PubdataBits.bigEndian(feeBits)
        return SlotOutput(root: newRoot, pubdata: pubdata, fee: feeValue)
    }
}

extension Tip: SlottedKind {
    typealias Slot = TipSlot
}
