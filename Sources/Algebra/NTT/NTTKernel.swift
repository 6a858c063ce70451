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
                        guard first < last else { return }
                        // Butterfly k is pair j of group k / half; both are
                        // stepped along, without a division per butterfly.
                        var group = first / currentHalf, j = first % currentHalf
                        for _ in first..<last {
                            let top = group * 2 * currentHalf + j
                            let bottom = top + currentHalf
                            let product = data.pointer[bottom] * rootsBase.pointer[j * stride]
                            let upper = data.pointer[top]
                            data.pointer[top] = upper + product
                            data.pointer[bottom] = upper - product
                            j += 1
                            if j == currentHalf {
                                j = 0
                                group += 1
                            }
                        }
                    }
                    half *= 2
                }
            }
        }
    }

    /// Puts values[i] at the index whose low log n bits are i's reversed,
    /// stepping the reversed index along instead of reversing every i.
    static func bitReverse(_ values: inout [Fr]) {
        let n = values.count
        guard n > 2 else { return }
        values.withUnsafeMutableBufferPointer { buffer in
            var j = 0
            for i in 1..<n {
                // Add one to j from the top bit down.
                var bit = n >> 1
                while j & bit != 0 {
                    j ^= bit
                    bit >>= 1
                }
                j |= bit
                if i < j { buffer.swapAt(i, j) }
            }
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
