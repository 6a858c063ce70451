/// The in-place radix-2 transforms behind ``EvaluationDomain``:
/// bit-reversal, then log n butterfly stages. Each stage's butterflies are
/// independent, so a stage with enough of them is split across threads.
enum NTTKernel {
    /// Stages with fewer butterflies than this per thread stay on one thread.
    static let parallelThreshold = 1 << 12

    static func transform(_ values: inout [Fr], twiddles: [Fr], threads: Int) {
        let n = values.count
        guard n > 1 else { return }
        bitReverse(&values)
        values.withUnsafeMutableBufferPointer { buffer in
            twiddles.withUnsafeBufferPointer { roots in
                let data = SendablePointer(buffer.baseAddress!)
                let rootsBase = SendablePointer(UnsafeMutablePointer(mutating: roots.baseAddress!))
                var half = 1
                while half < n {
                    let stride = n / (2 * half)  // twiddle index step for this stage
                    let butterflies = n / 2
                    let workers = butterflies >= parallelThreshold * 2 ? threads : 1
                    let perWorker = (butterflies + workers - 1) / workers
                    let currentHalf = half
                    Parallelism.forEach(workers) { worker in
                        let first = worker * perWorker
                        let last = min(butterflies, first + perWorker)
                        var k = first
                        while k < last {
                            let group = k / currentHalf
                            let j = k % currentHalf
                            let top = group * 2 * currentHalf + j
                            let bottom = top + currentHalf
                            let product = data.pointer[bottom] * rootsBase.pointer[j * stride]
                            let upper = data.pointer[top]
                            data.pointer[top] = upper + product
                            data.pointer[bottom] = upper - product
                            k += 1
                        }
                    }
                    half *= 2
                }
            }
        }
    }

    static func bitReverse(_ values: inout [Fr]) {
        let n = values.count
        let bits = n.trailingZeroBitCount
        for i in 0..<n {
            let j = Int(UInt(i).bitReversedLow(bits))
            if i < j { values.swapAt(i, j) }
        }
    }

    /// Multiplies every value by `factor`.
    static func scale(_ values: inout [Fr], by factor: Fr, threads: Int) {
        parallelChunks(&values, threads: threads) { pointer, range in
            for index in range { pointer[index] = pointer[index] * factor }
        }
    }

    /// Multiplies values[i] by base^i.
    static func scale(_ values: inout [Fr], byPowersOf base: Fr, threads: Int) {
        parallelChunks(&values, threads: threads) { pointer, range in
            var power = base.pow(UInt64(range.lowerBound))
            for index in range {
                pointer[index] = pointer[index] * power
                power = power * base
            }
        }
    }

    static func parallelChunks(
        _ values: inout [Fr], threads: Int, _ body: (UnsafeMutablePointer<Fr>, Range<Int>) -> Void
    ) {
        let n = values.count
        let workers = n >= parallelThreshold ? max(1, threads) : 1
        let chunk = (n + workers - 1) / workers
        values.withUnsafeMutableBufferPointer { buffer in
            let data = SendablePointer(buffer.baseAddress!)
            Parallelism.forEach(workers) { worker in
                let range = (worker * chunk)..<min(n, (worker + 1) * chunk)
                if !range.isEmpty { body(data.pointer, range) }
            }
        }
    }
}

/// A pointer handed to parallel workers that touch disjoint elements.
struct SendablePointer<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>
    init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }
}

extension UInt {
    /// The low `bits` bits in reverse order.
    func bitReversedLow(_ bits: Int) -> UInt {
        bits == 0 ? 0 : self.bitReversed >> UInt(UInt.bitWidth - bits)
    }

    private var bitReversed: UInt {
        var value = self, result: UInt = 0
        for _ in 0..<UInt.bitWidth {
            result = (result << 1) | (value & 1)
            value >>= 1
        }
        return result
    }
}
