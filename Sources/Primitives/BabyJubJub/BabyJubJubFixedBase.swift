import Algebra

/// Multiples of Base8 from a table of d·16^i·Base8 (64 windows of 4 bits):
/// a multiplication costs at most 64 additions and no doublings. Used for
/// public keys, signing and the S·Base8 side of verification.
enum BabyJubJubFixedBase {
    static let windowBits = 4
    static let windows = 64
    /// table[i][d − 1] = d·16^i·Base8 for d in 1 … 15.
    static let table: [[BabyJubJubPoint]] = {
        var rows = [[BabyJubJubPoint]]()
        var base = BabyJubJubPoint.base8
        for _ in 0..<windows {
            var row = [BabyJubJubPoint]()
            var multiple = base
            for _ in 1..<(1 << windowBits) {
                row.append(multiple)
                multiple = multiple + base
            }
            rows.append(row)
            base = multiple  // 16·base
        }
        return rows
    }()

    /// scalar·Base8 for a scalar below 2^256.
    static func multiply(_ scalar: GMPInteger) -> BabyJubJubPoint {
        let limbs = scalar.limbs(count: 4)
        precondition(limbs.count == 4, "fixed-base scalars must be below 2^256")
        var result = BabyJubJubPoint.identity
        for window in 0..<windows {
            let digit = Int((limbs[window / 16] >> UInt64((window % 16) * 4)) & 0xF)
            if digit != 0 { result = result + table[window][digit - 1] }
        }
        return result
    }
}
