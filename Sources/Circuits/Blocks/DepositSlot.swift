import Algebra
import Primitives
import R1CS
import RollupTypes

/// A deposit slot: the twin of `DepositHandler`. A new account goes into an
/// empty leaf (0) with balance 0 and nonce 0 before the credit; an existing
/// one must hold the deposit's key. The credit may not overflow 128 bits,
/// and amount > 0 for real slots. The pubdata publishes the account, the
/// amount and the key in iden3's packed form (y little-endian, x's sign in
/// the top bit), so the key is checked on the curve and its sign bit
/// against x. Subgroup membership is the bridge's check, as natively; so is
/// the bridge's signature, which a follower checks beside the proof
/// (docs/PROTOCOL.md, "Published authority").
///
/// Padding (tag 0): every field is 0 and the root passes through unchanged.
///
/// Cost at depth 24: 9,361 constraints (pinned by the tests).
public struct DepositSlot: BlockSlot {
    var isReal: Bool
    var isNew: Bool
    var account: UInt32
    var amount: UInt128
    var holder: AccountWitness

    public typealias Kind = Deposit

    /// (r + 1)/2: x is "negative" (sign bit 1) when it is at least this.
    static let halfModulus = (BitsGadget.modulus + GMPInteger(1)) / GMPInteger(2)

    public init?(sealed deposit: Deposit, updates: [AccountUpdate]) {
        guard updates.count == 1, updates[0].after.publicKey == deposit.publicKey
        else { return nil }
        isReal = true
        isNew = updates[0].before == nil
        account = updates[0].account.value
        amount = deposit.amount
        holder = AccountWitness(before: updates[0])
    }

    public init(paddingForTreeDepth depth: Int) {
        isReal = false
        isNew = false
        (account, amount) = (0, 0)
        holder = AccountWitness(paddingForTreeDepth: depth)
        (holder.x, holder.y) = (.zero, .zero)
    }

    public static func synthesize<CS: ConstraintSystem>(
        _ slot: DepositSlot?, root: LinearCombination, chain: LinearCombination, treeDepth: Int, _ cs: inout CS, _ name: String
    ) throws -> SlotOutput {
        let real = try cs.allocateBoolean("\(name) is real", value: slot?.isReal)
        let isNew = try cs.allocateBoolean("\(name) is new", value: slot?.isNew)
        let account = LinearCombination(try cs.allocate("\(name) account", value: slot.map { Fr(UInt64($0.account)) }))
        let amount = LinearCombination(try cs.allocate("\(name) amount", value: slot.map { Fr($0.amount) }))
        let accountBits = try BitsGadget.decompose(account, bits: treeDepth, &cs, "\(name) account")
        let amountBits = try BitsGadget.decompose(amount, bits: 128, &cs, "\(name) amount")
        try cs.enforceNonzeroWhenReal(amount, real: real, "\(name) amount")

        let holder = try AllocatedAccount(slot?.holder, treeDepth: treeDepth, &cs, "\(name) holder")
        let key = holder.publicKey
        // Packed key: y's bits, and x's sign s with z = (1 − 2s)·x ≤ (r − 1)/2.
        let yBits = try BitsGadget.canonicalBits(key.y, &cs, "\(name) Ay")
        let xValue = cs.value(of: key.x)
        let sign = try cs.allocateBoolean("\(name) Ax sign", value: xValue.map(\.isLexicographicallyLarge))
        let signTimesX = try cs.multiply("\(name) sign*Ax", LinearCombination(sign), key.x)
        let magnitude = key.x - Fr(2) * LinearCombination(signTimesX)
        let magnitudeBits = try BitsGadget.decompose(magnitude, bits: 253, &cs, "\(name) |Ax|")
        try ComparisonGadget.enforceLessThan(magnitudeBits, constant: halfModulus, &cs, "\(name) |Ax| <= (r-1)/2")
        let x2 = try cs.multiply("\(name) Ax^2", key.x, key.x)
        let y2 = try cs.multiply("\(name) Ay^2", key.y, key.y)
        let x2y2 = try cs.multiply("\(name) Ax^2 Ay^2", LinearCombination(x2), LinearCombination(y2))
        cs.enforce("\(name) key on curve", LinearCombination(real),
                   BabyJubJubPoint.a * LinearCombination(x2) + y2 - LinearCombination(constant: .one) - BabyJubJubPoint.d * LinearCombination(x2y2), .zero)
        cs.enforceZeroWhenPadding(account + amount + sign + isNew, real: real, "\(name) fields")
        cs.enforceZeroWhenPadding(key.y, real: real, "\(name) Ay")

        // A new account starts empty: leaf 0, and balance and nonce 0 before the credit.
        cs.enforce("\(name) new account has no balance", LinearCombination(isNew), holder.balance, .zero)
        cs.enforce("\(name) new account has nonce 0", LinearCombination(isNew), holder.nonce, .zero)
        let existingLeaf = try holder.leaf(balance: holder.balance, nonce: holder.nonce, &cs, "\(name) old leaf")
        let oldLeaf = try cs.multiply("\(name) old leaf or empty", LinearCombination(constant: .one) - isNew, existingLeaf)
        let balance = holder.balance + amount
        try BitsGadget.enforceRange(balance, bits: 128, &cs, "\(name) balance fits 128 bits")
        let newRoot = try MerklePathGadget.update(
            oldLeaf: LinearCombination(oldLeaf),
            newLeaf: try holder.leaf(balance: balance, nonce: holder.nonce, &cs, "\(name) new leaf"),
            indexBits: accountBits.map { LinearCombination($0) }, siblings: holder.siblings, root: root, enabled: real,
            &cs, "\(name) holder")

        // Key bytes: y little-endian, byte by byte most significant bit first; bit 255 is the sign.
        var keyBits = [LinearCombination]()
        for byte in 0..<32 {
            for bit in stride(from: 7, through: 0, by: -1) {
                let index = byte * 8 + bit
                keyBits.append(index == 255 ? LinearCombination(sign) : index < 254 ? LinearCombination(yBits[index]) : .zero)
            }
        }
        let pubdata = PubdataBits.tag(.deposit, real: real) + PubdataBits.accountID(accountBits) + PubdataBits.bigEndian(amountBits)
            + keyBits
        return SlotOutput(root: newRoot, pubdata: pubdata, fee: .zero)
    }
}

extension Deposit: SlottedKind {
    public typealias Slot = DepositSlot
}

/// The deposit block circuit: deposit slots, 8 per block in production.
public typealias DepositCircuit = BlockCircuit<DepositSlot>
