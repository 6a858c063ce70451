/// The constants of the tower's Frobenius maps, derived from ξ = 9 + u when
/// first needed: γ = ξ^((p^k − 1)/d) for k = 0 … 11.
public struct FrobeniusCoefficients: Sendable {
    /// ξ^((p^k − 1)/3), multiplying the v coefficient of Fq6.
    public let fq6C1: [Fq2]
    /// ξ^(2(p^k − 1)/3), multiplying the v² coefficient of Fq6.
    public let fq6C2: [Fq2]
    /// ξ^((p^k − 1)/6), multiplying the w coefficient of Fq12.
    public let fq12C1: [Fq2]

    /// The coefficients for BN254.
    public static let shared = FrobeniusCoefficients()

    private init() {
        let p = GMPInteger(Fq.modulusDecimal, radix: 10)!
        var c1 = [Fq2](), c2 = [Fq2](), c12 = [Fq2]()
        var pk = GMPInteger(1)
        for _ in 0..<12 {
            let exponent = pk - GMPInteger(1)
            let third = (exponent / GMPInteger(3)).limbs(count: 0)
            let twoThirds = ((exponent * GMPInteger(2)) / GMPInteger(3)).limbs(count: 0)
            let sixth = (exponent / GMPInteger(6)).limbs(count: 0)
            c1.append(Fq2.xi.pow(third))
            c2.append(Fq2.xi.pow(twoThirds))
            c12.append(Fq2.xi.pow(sixth))
            pk = pk * p
        }
        fq6C1 = c1
        fq6C2 = c2
        fq12C1 = c12
    }
}
