import Algebra
import Support
import Testing

/// The NTT round-trips, agrees with a naive DFT, and its coset variants
/// evaluate on g·H.
struct NTTTests {
    static func randomValues(_ count: Int, seed: UInt64) -> [Fr] {
        var g = SeededRandom(seed: seed)
        return (0..<count).map { _ in Fr.random(using: &g) }
    }

    @Test(arguments: [1, 2, 4, 8, 16, 64])
    func forwardEqualsNaiveDFT(size: Int) throws {
        let domain = try EvaluationDomain(minimumSize: size)
        let coefficients = Self.randomValues(size, seed: UInt64(size))
        var values = coefficients
        domain.forward(&values)
        #expect(values == domain.naiveForward(coefficients))
    }

    @Test(arguments: [2, 1 << 10, 1 << 14])
    func roundTrips(size: Int) throws {
        let domain = try EvaluationDomain(minimumSize: size)
        let original = Self.randomValues(size, seed: 50)
        for threads in [1, 2] {
            var values = original
            domain.forward(&values, threads: threads)
            domain.inverse(&values, threads: threads)
            #expect(values == original)
            domain.cosetForward(&values, threads: threads)
            domain.cosetInverse(&values, threads: threads)
            #expect(values == original)
        }
    }

    @Test func cosetEvaluatesOnShiftedDomain() throws {
        let domain = try EvaluationDomain(minimumSize: 8)
        let coefficients = Self.randomValues(8, seed: 51)
        var values = coefficients
        domain.cosetForward(&values)
        for i in 0..<8 {
            let x = domain.cosetShift * domain.generator.pow(UInt64(i))
            #expect(values[i] == coefficients.reversed().reduce(Fr.zero) { $0 * x + $1 })
            #expect(x.pow(UInt64(domain.size)) - .one == domain.vanishingOnCoset)
        }
    }

    @Test func domainProperties() throws {
        let domain = try EvaluationDomain(minimumSize: 1000)
        #expect(domain.size == 1024)
        #expect(domain.generator.pow(1024) == .one)
        #expect(domain.generator.pow(512) == -.one)
        #expect(throws: EvaluationDomain.DomainError.self) { try EvaluationDomain(minimumSize: (1 << 28) + 1) }
    }
}
