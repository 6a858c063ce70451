/// Where a chain settles on L1 (`rollup node --l1`; DATA/l1.json):
/// the rollup contract that holds the funds, its verifiers, and what one
/// rollup unit is worth there (docs/PROTOCOL.md, "Settlement on L1").
public struct SettlementView: Codable, Sendable, Equatable {
    /// The L1's chain id.
    public var l1ChainId: UInt64
    /// The rollup contract's address, 0x and 40 hex digits.
    public var rollup: String
    /// Each block type's Groth16 verifier contract.
    public var verifiers: [String: String]
    /// The L1 block of the rollup contract's deployment.
    public var deploymentBlock: UInt64
    /// Wei per rollup unit, decimal.
    public var weiPerUnit: String

    public init(l1ChainId: UInt64, rollup: String, verifiers: [String: String], deploymentBlock: UInt64, weiPerUnit: String) {
        self.l1ChainId = l1ChainId
        self.rollup = rollup
        self.verifiers = verifiers
        self.deploymentBlock = deploymentBlock
        self.weiPerUnit = weiPerUnit
    }
}
