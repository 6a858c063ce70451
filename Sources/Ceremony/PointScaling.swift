import Algebra

/// Many points multiplied by one scalar, as a contribution rescales a zkey's
/// C and H sections: the scalar's signed 5-bit windows are computed once,
/// the points are shared out among threads, and the results are made
/// affine in batches.
enum PointScaling {
    static func scale(_ points: [G1Affine], by scalar: Fr, threads: Int) -> [G1Affine] {
        let digits = nonAdjacentForm(scalar)
        let results = ParallelResults(repeating: G1Affine.infinity, count: points.count)
        let chunk = 4096
        Parallelism.forEach((points.count + chunk - 1) / chunk, threads: threads) { index in
            let range = (index * chunk)..<min(points.count, index * chunk + chunk)
            let scaled = range.map { multiply(points[$0], digits) }
            for (offset, point) in G1Projective.batchAffine(scaled).enumerated() { results[range.lowerBound + offset] = point }
        }
        return results.values
    }

    /// The width-5 NAF digits, most significant first.
    static func nonAdjacentForm(_ scalar: Fr) -> [Int8] {
        var value = GMPInteger(limbs: scalar.canonicalLimbs)
        var digits = [Int8]()
        while value.signum > 0 {
            var digit = 0
            if value.testBit(0) {
                digit = (0..<5).reduce(0) { $0 | (value.testBit($1) ? 1 << $1 : 0) }
                if digit >= 16 { digit -= 32 }
                value = digit >= 0 ? value - GMPInteger(UInt64(digit)) : value + GMPInteger(UInt64(-digit))
            }
            digits.append(Int8(digit))
            value = value >> 1
        }
        return digits.reversed()
    }

    static func multiply(_ point: G1Affine, _ digits: [Int8]) -> G1Projective {
        if point.isInfinity { return .infinity }
        // Odd multiples P, 3P, …, 15P.
        let double = point.jacobian.doubled()
        var odd = [point.jacobian]
        for _ in 1..<8 { odd.append(odd[odd.count - 1] + double) }
        var result = G1Projective.infinity
        for digit in digits {
            result = result.doubled()
            if digit > 0 { result = result + odd[Int(digit) >> 1] } else if digit < 0 { result = result + (-odd[Int(-digit) >> 1]) }
        }
        return result
    }
}
