/// An EIP-1559 (type 2) L1 transaction: what the node and the commands
/// send through `eth_sendRawTransaction`.
public struct EIP1559Transaction: Equatable, Sendable {
    public var chainID: UInt64
    public var nonce: UInt64
    public var maxPriorityFeePerGas: UInt128
    public var maxFeePerGas: UInt128
    public var gasLimit: UInt64
    /// nil deploys `data` as a contract's creation code.
    public var to: EthereumAddress?
    public var value: UInt128
    public var data: [UInt8]

    public init(
        chainID: UInt64, nonce: UInt64, maxPriorityFeePerGas: UInt128, maxFeePerGas: UInt128, gasLimit: UInt64, to: EthereumAddress?,
        value: UInt128 = 0, data: [UInt8]
    ) {
        self.chainID = chainID
        self.nonce = nonce
        self.maxPriorityFeePerGas = maxPriorityFeePerGas
        self.maxFeePerGas = maxFeePerGas
        self.gasLimit = gasLimit
        self.to = to
        self.value = value
        self.data = data
    }

    private var fields: [RLP] {
        [.uint(chainID), .uint(nonce), .uint(maxPriorityFeePerGas), .uint(maxFeePerGas), .uint(gasLimit), .bytes(to?.bytes ?? []),
         .uint(value), .bytes(data), .list([])]
    }

    /// Signed by `key`: the raw transaction (0x02 ‖ rlp([fields…, y parity,
    /// r, s])) and its hash, keccak of the raw bytes.
    public func signed(by key: EthereumKey) -> (raw: [UInt8], hash: [UInt8]) {
        let digest = Keccak256.hash([0x02] + RLP.list(fields).encoded)
        let signature = key.sign(digest: digest)
        let raw = [0x02] + RLP.list(fields + [.uint(signature.yParity), .bytes(Array(signature.r.drop { $0 == 0 })), .bytes(Array(signature.s.drop { $0 == 0 }))]).encoded
        return (raw, Keccak256.hash(raw))
    }
}
