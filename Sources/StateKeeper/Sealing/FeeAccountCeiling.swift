/// The fee account's ceiling: a block of a paying kind ends by crediting
/// its fees to account 0, and the circuit refuses a balance past 2^128 − 1
/// there. Admission checks a transaction against the sealed balance plus
/// every pending credit; block preparation checks each slot against the
/// balance after its writes plus the block's fees so far. Both ask this.
enum FeeAccountCeiling {
    /// Refuses when `balance` plus `amounts` could pass 2^128 − 1.
    static func check(_ balance: UInt128, plus amounts: UInt128...) throws(TransactionRejection) {
        var total = balance
        for amount in amounts {
            let (sum, overflow) = total.addingReportingOverflow(amount)
            guard !overflow else { throw .balanceOverflow(.feeAccount) }
            total = sum
        }
    }
}
