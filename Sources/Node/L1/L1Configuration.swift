import Ethereum

/// L1 mode (`rollup node --l1 URL --l1-key FILE`): the chain's contracts
/// (DATA/l1.json, from `rollup contracts deploy`) are the source of
/// deposits and the place where every verified block is settled.
public struct L1Configuration: Sendable {
    /// The L1 node's JSON-RPC endpoint.
    public var url: String
    /// The operator's L1 key: the contract's operator, which commits blocks.
    public var key: EthereumKey
    /// L1 blocks a deposit's block must have on top before it is credited,
    /// so that a reorg shallower than this changes nothing on L2.
    public var confirmations: UInt64 = 6
    /// How often the L1 is asked for its head, deposits and settled blocks.
    public var pollInterval: Duration = .seconds(2)
    /// Blocks committed and proved in one L1 transaction, at most.
    public var blocksPerTransaction = 4
    /// How long eth_sender's transaction may wait unmined before it is sent
    /// again with fees an eighth higher (`--l1-stuck-after`).
    public var stuckAfter: Duration = .seconds(60)
    /// How often eth_sender asks for the receipt of its transaction in flight.
    public var receiptInterval: Duration = .milliseconds(500)
    /// The longest pause after failures: the pause after a failure starts at
    /// ``pollInterval`` and doubles with each failure in a row, up to this.
    public var maxBackoff: Duration = .seconds(60)

    public init(url: String, key: EthereumKey) {
        self.url = url
        self.key = key
    }
}
