import Algebra
import Primitives
import R1CS
import RollupTypes

/// The sizes of the block circuits and of the gadgets they are built from,
/// measured by recording them (what `rollup circuits info` prints).
public enum CircuitInventory {
    /// One circuit's size.
    public struct CircuitSize: Sendable {
        public let name: String
        public let constraints: Int
        /// Variables, the constant one included.
        public let variables: Int
        public let publicInputs: Int
    }

    /// One gadget's cost.
    public struct GadgetCost: Sendable {
        public let name: String
        public let constraints: Int
    }

    /// The block circuits of `chain`, in block type order.
    public static func blockCircuits(_ chain: ChainParameters) throws -> [CircuitSize] {
        try BlockType.allCases.map { try size(BlockCircuits.circuit($0, BlockCircuitParameters(chain, $0))) }
    }

    /// The size of one circuit.
    public static func size<C: Circuit>(_ circuit: C) throws -> CircuitSize {
        var recorder = ConstraintRecorder()
        try circuit.synthesize(into: &recorder)
        return CircuitSize(
            name: circuit.name, constraints: recorder.constraintCount,
            variables: recorder.publicCount + recorder.privateCount, publicInputs: recorder.publicCount - 1)
    }

    /// The gadgets of the block circuits at `treeDepth`, each recorded on
    /// fresh inputs (the inputs' own constraints not counted).
    public static func gadgets(treeDepth: Int) throws -> [GadgetCost] {
        [
            GadgetCost(name: "poseidon_2", constraints: try cost { cs, v in _ = try PoseidonGadget.hash([v[0], v[1]], &cs, "p") }),
            GadgetCost(name: "account_leaf", constraints: try cost { cs, v in
                _ = try AccountLeafGadget.leaf(publicKey: PointExpression(x: v[0], y: v[1]), balance: v[2], nonce: v[3], &cs, "leaf")
            }),
            GadgetCost(name: "eddsa_poseidon_verify", constraints: try cost { cs, v in
                try EdDSAGadget.enforceValid(
                    message: v[0], publicKey: PointExpression(x: v[1], y: v[2]), r8: PointExpression(x: v[3], y: v[4]), s: v[5], &cs, "sig")
            }),
            GadgetCost(name: "merkle_path_depth_\(treeDepth)", constraints: try cost(inputs: 1 + treeDepth + 3 * treeDepth / 2) { cs, v in
                let bits = Array(v[1...treeDepth]), siblings = v[(treeDepth + 1)...].map { $0.terms[0].0 }
                _ = try MerklePathGadget.root(leaf: v[0], indexBits: bits, siblings: siblings, &cs, "path")
            }),
            GadgetCost(name: "packed_amount_decode", constraints: try cost { cs, v in _ = try PackedFloatGadget.decode(v[0], as: PackedAmount.self, &cs, "a") }),
            GadgetCost(name: "packed_fee_decode", constraints: try cost { cs, v in _ = try PackedFloatGadget.decode(v[0], as: PackedFee.self, &cs, "f") }),
            GadgetCost(name: "sha256_block", constraints: try cost(inputs: 440) { cs, v in
                _ = try SHA256Gadget.hash(bits: v.map { $0.terms[0].0 }, &cs, "sha")
            }),
        ] + (try BlockType.allCases.map { type in
            let kind = BlockCircuits.slotted(type)
            return GadgetCost(name: "\(kind.name)_slot", constraints: try slotCost(kind, treeDepth: treeDepth))
        })
    }

    static func slotCost<K: SlottedKind>(_ kind: K.Type, treeDepth: Int) throws -> Int {
        try cost { cs, v in _ = try K.Slot.synthesize(nil, root: v[0], chain: v[1], treeDepth: treeDepth, &cs, "slot") }
    }

    /// The constraints `body` adds, given `inputs` fresh variables (setup
    /// mode: no values, so bits need no boolean constraint of their own).
    private static func cost(inputs count: Int = 8, _ body: (inout ConstraintRecorder, [LinearCombination]) throws -> Void) throws -> Int {
        var recorder = ConstraintRecorder()
        let inputs = try (0..<count).map { LinearCombination(try recorder.allocate("input \($0)", value: nil)) }
        try body(&recorder, inputs)
        return recorder.constraintCount
    }
}
