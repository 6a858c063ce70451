/// A multiplicative subgroup of Fr of size 2^k (k ≤ 28) with the number-
/// theoretic transforms over it: forward (coefficients → evaluations on the
/// subgroup), inverse, and the coset variants on g·subgroup (g = 5, a
/// generator of Fr*), as Groth16's QAP reduction needs.
public struct EvaluationDomain: Sendable {
    /// The size 2^logSize.
    public let size: Int
    public let logSize: Int
    /// A primitive size-th root of unity.
    public let generator: Fr
    /// Its inverse.
    public let generatorInverse: Fr
    /// 1 / size.
    public let sizeInverse: Fr
    /// The coset shift g.
    public let cosetShift: Fr
    /// ω^i for i < size/2, the twiddles of the forward transform.
    let twiddles: [Fr]
    /// ω^−i for i < size/2.
    let inverseTwiddles: [Fr]

    /// Why a domain could not be made.
    public enum DomainError: Error, CustomStringConvertible {
        case tooLarge(requested: Int, maximumLog: Int)

        public var description: String {
            switch self {
            case .tooLarge(let requested, let maximumLog):
                return "an FFT domain of \(requested) points exceeds Fr's 2^\(maximumLog) roots of unity"
            }
        }
    }

    /// The smallest power-of-two domain with at least `minimumSize` points.
    public init(minimumSize: Int) throws {
        var log = 0
        while (1 << log) < max(1, minimumSize) { log += 1 }
        let maximumLog = FrParameters.derived.twoAdicity
        guard log <= maximumLog else { throw DomainError.tooLarge(requested: minimumSize, maximumLog: maximumLog) }
        logSize = log
        size = 1 << log
        var omega = Fr(FrParameters.multiplicativeGenerator).pow(FrParameters.derived.oddPart)
        for _ in 0..<(maximumLog - log) { omega = omega.squared() }
        generator = omega
        generatorInverse = omega.inverse()!
        sizeInverse = Fr(UInt64(size)).inverse()!
        cosetShift = Fr(FrParameters.multiplicativeGenerator)
        twiddles = EvaluationDomain.powers(of: omega, count: size / 2)
        inverseTwiddles = EvaluationDomain.powers(of: generatorInverse, count: size / 2)
    }

    static func powers(of base: Fr, count: Int) -> [Fr] {
        var out = [Fr](repeating: .one, count: count)
        for index in stride(from: 1, to: count, by: 1) { out[index] = out[index - 1] * base }
        return out
    }

    /// Coefficients → evaluations at ω^0 … ω^(size−1), in place.
    public func forward(_ values: inout [Fr], threads: Int = Parallelism.available) {
        precondition(values.count == size, "NTT input must have exactly the domain's size")
        NTTKernel.transform(&values, twiddles: twiddles, threads: threads)
    }

    /// Evaluations → coefficients, in place.
    public func inverse(_ values: inout [Fr], threads: Int = Parallelism.available) {
        precondition(values.count == size, "NTT input must have exactly the domain's size")
        NTTKernel.transform(&values, twiddles: inverseTwiddles, threads: threads)
        NTTKernel.scale(&values, by: sizeInverse, threads: threads)
    }

    /// Coefficients → evaluations at g·ω^i, in place.
    public func cosetForward(_ values: inout [Fr], threads: Int = Parallelism.available) {
        cosetForward(&values, shift: cosetShift, threads: threads)
    }

    /// Coefficients → evaluations at shift·ω^i, in place.
    public func cosetForward(_ values: inout [Fr], shift: Fr, threads: Int = Parallelism.available) {
        NTTKernel.scale(&values, byPowersOf: shift, threads: threads)
        forward(&values, threads: threads)
    }

    /// Evaluations at g·ω^i → coefficients, in place.
    public func cosetInverse(_ values: inout [Fr], threads: Int = Parallelism.available) {
        inverse(&values, threads: threads)
        NTTKernel.scale(&values, byPowersOf: cosetShift.inverse()!, threads: threads)
    }

    /// The vanishing polynomial Z(X) = X^size − 1 at any point of the coset
    /// (constant there): g^size − 1.
    public var vanishingOnCoset: Fr { cosetShift.pow(UInt64(size)) - .one }

    /// The naive O(n²) DFT, for tests.
    public func naiveForward(_ values: [Fr]) -> [Fr] {
        (0..<size).map { i in
            let x = generator.pow(UInt64(i))
            return values.reversed().reduce(Fr.zero) { $0 * x + $1 }
        }
    }
}
