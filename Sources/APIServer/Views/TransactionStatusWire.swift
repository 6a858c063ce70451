import Storage

/// How a stored transaction status is written on the wire, by
/// `GET /v1/transactions/{hash}` and by the `transaction` topic of `GET /v1/ws`
/// alike: its name, the block it is in, and why it was rejected.
struct TransactionStatusWire: Equatable {
    let status: String
    let block: UInt32?
    let reason: String?

    init(_ stored: TransactionStatus) {
        switch stored {
        case .pending: (status, block, reason) = ("pending", nil, nil)
        case .committed(let number): (status, block, reason) = ("committed", number, nil)
        case .verified(let number): (status, block, reason) = ("verified", number, nil)
        case .rejected(let why): (status, block, reason) = ("rejected", nil, why)
        }
    }
}
