import Algebra
import R1CS
import RollupTypes

/// A block circuit: `capacity` slots of one type applied in order from the
/// old root, then (for transfers and exits) the total fee credited to the
/// fee account. Its public inputs are the old root, the new root, the
/// block commitment of docs/PROTOCOL.md and the chain id, which the slots'
/// signed messages bind. Without a block it describes the
/// constraint system (setup); with one it carries the witness, built from
/// the state keeper's sealed block.
public struct BlockCircuit<Slot: BlockSlot>: Circuit, Sendable {
    public let parameters: BlockCircuitParameters
    let header: Header?
    let slots: [Slot]?
    let feeAccount: AccountWitness?

    struct Header: Sendable {
        var number: UInt32
        var oldRoot: Fr
        var newRoot: Fr
        var commitment: Fr
        var chainID: Fr
    }

    /// The version of the block circuits' public inputs and signed
    /// messages: 3 since the chain id became the fourth public input and
    /// transfers and exits sign it; 2 made the roots public inputs of their
    /// own (version 1 hashed them into the commitment, its single public input).
    public static var version: Int { 3 }

    /// "transfer-v3-d24-c8": the block type, the circuits' version and the
    /// parameters, which together fix the constraint system (so a key made
    /// for another version is refused by name).
    public var name: String { "\(Slot.Kind.blockType.rawValue)-v\(Self.version)-d\(parameters.treeDepth)-c\(parameters.capacity)" }

    /// The circuit without a witness, for setup and key checks.
    public init(parameters: BlockCircuitParameters) {
        self.parameters = parameters
        header = nil
        slots = nil
        feeAccount = nil
    }

    /// The circuit with the witness of `block`.
    public init(block: SealedBlock, parameters: BlockCircuitParameters) throws {
        guard block.type == Slot.Kind.blockType else { throw BlockCircuitError.wrongBlockType(expected: Slot.Kind.blockType, found: block.type) }
        guard block.transactions.count == parameters.capacity else {
            throw BlockCircuitError.wrongShape("the block has \(block.transactions.count) slots, the circuit \(parameters.capacity)")
        }
        let paths = block.updates.joined().map(\.path) + (block.feeUpdate.map { [$0.path] } ?? [])
        if let path = paths.first(where: { $0.siblings.count != 3 * parameters.treeDepth / 2 }) {
            throw BlockCircuitError.wrongShape("a Merkle path has \(path.siblings.count / 3) levels, the circuit's tree \(parameters.treeDepth / 2)")
        }
        self.parameters = parameters
        header = Header(number: block.number, oldRoot: block.oldRoot, newRoot: block.newRoot, commitment: block.commitment, chainID: block.chainID.element)
        slots = try zip(block.transactions, block.updates).enumerated().map { index, slot in
            if case .noop = slot.0 { return Slot(paddingForTreeDepth: parameters.treeDepth) }
            guard let transaction = slot.0.kind as? Slot.Kind, let witness = Slot(sealed: transaction, updates: slot.1) else {
                throw BlockCircuitError.malformedSlot(index: index, reason: "its transaction and recorded writes do not form a \(Slot.Kind.blockType) slot")
            }
            return witness
        }
        if Slot.Kind.paysFees {
            guard let feeUpdate = block.feeUpdate, feeUpdate.account == .feeAccount else {
                throw BlockCircuitError.wrongShape("a \(Slot.Kind.blockType) block must end with the fee account's credit")
            }
            feeAccount = AccountWitness(before: feeUpdate)
        } else {
            feeAccount = nil
        }
    }

    public func synthesize<CS: ConstraintSystem>(into cs: inout CS) throws {
        let oldRoot = try cs.allocatePublic("old root", value: header?.oldRoot)
        let newRoot = try cs.allocatePublic("new root", value: header?.newRoot)
        let commitment = try cs.allocatePublic("commitment", value: header?.commitment)
        let chain = LinearCombination(try cs.allocatePublic("chain id", value: header?.chainID))
        var root = LinearCombination(oldRoot)
        var pubdata = [LinearCombination]()
        var totalFee = LinearCombination.zero
        for index in 0..<parameters.capacity {
            let output = try Slot.synthesize(slots?[index], root: root, chain: chain, treeDepth: parameters.treeDepth, &cs, "slot \(index)")
            root = output.root
            pubdata += output.pubdata
            totalFee = totalFee + output.fee
        }
        if Slot.Kind.paysFees {
            root = try FeeCreditGadget.credit(totalFee, account: feeAccount, root: root, treeDepth: parameters.treeDepth, &cs, "fee credit")
        }
        cs.enforceEqual("new root matches", root, LinearCombination(newRoot))
        try BlockCommitmentGadget.enforce(
            commitment: commitment, blockNumber: header?.number, totalFee: totalFee.simplified, pubdata: pubdata, &cs)
    }
}
