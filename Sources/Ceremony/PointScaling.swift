import Algebra

/// Many points multiplied by one scalar, as a contribution rescales a zkey's
/// C and H sections. The scalar is split once by G1's endomorphism (GLV)
/// into two halves of about 128 bits, and their NAF digits computed once;
/// each point then takes one chain of about 128 doublings for both halves
/// (k·P = k₁·P + k₂·φ(P)). Points are shared out among threads in chunks,
/// and each chunk's odd multiples and results are made affine together, so
/// every addition is a mixed one.
enum PointScaling {
    static func scale(_ points: [G1Affine], by scalar: Fr, threads: Int) -> [G1Affine] {
        let endomorphism = G1Endomorphism.shared
        let (k1, k2) = endomorphism.split(scalar)
        let digits1 = WindowedNAF.digits(k1.value), digits2 = WindowedNAF.digits(k2.value)
        let length = max(digits1.count, digits2.count)
        let results = ParallelResults(repeating: G1Affine.infinity, count: points.count)
        let chunk = 4096
        Parallelism.forEach((points.count + chunk - 1) / chunk, threads: threads) { index in
            let range = (index * chunk)..<min(points.count, index * chunk + chunk)
            let tables = G1Projective.batchAffine(range.flatMap { WindowedNAF.oddMultiples(points[$0]) })
            let scaled = (0..<range.count).map { offset -> G1Projective in
                if points[range.lowerBound + offset].isInfinity { return .infinity }
                let own = tables[(8 * offset)..<(8 * offset + 8)].map { k1.negative ? -$0 : $0 }
                let mapped = tables[(8 * offset)..<(8 * offset + 8)].map { k2.negative ? -endomorphism.apply($0) : endomorphism.apply($0) }
                var result = G1Projective.infinity
                for position in stride(from: length - 1, through: 0, by: -1) {
                    result = result.doubled()
                    if position < digits1.count { add(&result, digits1[position], own) }
                    if position < digits2.count { add(&result, digits2[position], mapped) }
                }
                return result
            }
            for (offset, point) in G1Projective.batchAffine(scaled).enumerated() { results[range.lowerBound + offset] = point }
        }
        return results.values
    }

    /// Adds digit·P from P's odd multiples.
    @inline(__always)
    private static func add(_ result: inout G1Projective, _ digit: Int8, _ table: [G1Affine]) {
        if digit > 0 { result = result + table[Int(digit) >> 1] } else if digit < 0 { result = result + (-table[Int(-digit) >> 1]) }
    }
}
