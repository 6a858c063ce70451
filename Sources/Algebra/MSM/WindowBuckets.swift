import CFieldKernel

/// One window of Pippenger's bucket method, Σ digitᵢ·Pᵢ for the window's
/// signed digits, done with affine additions in batches
/// (``AffineAdditionBatch``) at every step:
///
/// 1. The points are sorted into buckets by |digit| (a counting sort of
///    their indices; a negative digit adds −P).
/// 2. Each bucket's points are summed pairwise in rounds: every round adds
///    the pairs of a group of buckets at once, so a batch never waits on a
///    bucket that is already in it and the additions need no scheduling.
///    Groups are small enough for their partial sums to stay in cache.
/// 3. Σ k·bucket[k] is taken by running sums in `lanes` interleaved
///    stretches of buckets, each step one batch across the stretches, and
///    the stretches' sums are combined in Jacobian form.
struct WindowBuckets<C: CurveParameters> {
    /// Additions per inversion.
    static var batchCapacity: Int { 512 }
    /// Partial sums (points) a group of buckets may hold in step 2.
    static var groupSlots: Int { 2048 }
    /// Stretches of buckets summed side by side in step 3.
    static var lanes: Int { 256 }
    /// How many additions ahead the first round asks for its points.
    static var prefetchDistance: Int { 16 }

    /// Σ digits[i]·points[i], for digits in [−bucketCount, bucketCount].
    static func sum(digits: UnsafeBufferPointer<Int32>, points: PackedPoints<C>, bucketCount: Int) -> JacobianPoint<C> {
        // 1. Counting sort: entries[first[k] ..< first[k + 1]] are bucket k's
        // points (digit ±(k + 1)), as i or −(i + 1) for −points[i].
        let first = UnsafeMutableBufferPointer<Int32>.allocate(capacity: bucketCount + 1)
        defer { first.deallocate() }
        first.initialize(repeating: 0)
        for digit in digits where digit != 0 { first[Int(digit.magnitude)] += 1 }
        for index in 1...bucketCount { first[index] += first[index - 1] }
        let total = Int(first[bucketCount])
        if total == 0 { return .infinity }
        let entries = UnsafeMutableBufferPointer<Int32>.allocate(capacity: total)
        defer { entries.deallocate() }
        do {
            let next = UnsafeMutableBufferPointer<Int32>.allocate(capacity: bucketCount)
            defer { next.deallocate() }
            _ = next.initialize(from: first[0..<bucketCount])
            for (index, digit) in digits.enumerated() where digit != 0 {
                let bucket = Int(digit.magnitude) - 1
                entries[Int(next[bucket])] = digit > 0 ? Int32(index) : -Int32(index) - 1
                next[bucket] += 1
            }
        }
        let sums = UnsafeMutablePointer<AffinePoint<C>>.allocate(capacity: bucketCount)
        defer { sums.deallocate() }
        return AffineAdditionBatch<C>.withBatch(capacity: batchCapacity) { batch in
            reduce(entries: UnsafeBufferPointer(entries), first: UnsafeBufferPointer(first), points: points, into: sums, batch: &batch)
            return weightedSum(sums, count: bucketCount, batch: &batch)
        }
    }

    /// Step 2: sums[k] = Σ bucket k's points, group after group of buckets.
    private static func reduce(
        entries: UnsafeBufferPointer<Int32>, first: UnsafeBufferPointer<Int32>, points: PackedPoints<C>,
        into sums: UnsafeMutablePointer<AffinePoint<C>>, batch: inout AffineAdditionBatch<C>
    ) {
        let bucketCount = first.count - 1, total = entries.count
        func point(_ entry: Int32) -> AffinePoint<C> {
            entry >= 0 ? points[Int(entry)] : -points[Int(-entry - 1)]
        }
        // The points are read in bucket order, all over memory: ask for each
        // a few additions ahead.
        func prefetch(_ position: Int) {
            guard position < total else { return }
            let entry = Int(entries[position])
            let address = points.address(entry >= 0 ? entry : -entry - 1)
            fk_prefetch(address)
            if MemoryLayout<PackedPoints<C>.Packed>.size > 64 { fk_prefetch(address + 64) }
        }
        for position in 0..<min(total, 2 * prefetchDistance) { prefetch(position) }

        // A bucket's partial sums live at slots[slot[k] ..< slot[k] + length[k]].
        var slotCapacity = groupSlots
        var slots = UnsafeMutablePointer<AffinePoint<C>>.allocate(capacity: slotCapacity)
        defer { slots.deallocate() }
        var slot = [Int](), length = [Int](), active = [Int](), stillActive = [Int]()
        var groupStart = 0
        while groupStart < bucketCount {
            // The next buckets whose first-round sums fill the slots (at least one bucket).
            var groupEnd = groupStart, slotCount = 0
            slot.removeAll(keepingCapacity: true)
            length.removeAll(keepingCapacity: true)
            while groupEnd < bucketCount {
                let halves = Int(first[groupEnd + 1] - first[groupEnd] + 1) / 2
                if groupEnd > groupStart && slotCount + halves > groupSlots { break }
                slot.append(slotCount)
                length.append(halves)
                slotCount += halves
                groupEnd += 1
            }
            if slotCount > slotCapacity {
                slots.deallocate()
                slotCapacity = slotCount
                slots = .allocate(capacity: slotCapacity)
            }
            // The first round, from the points themselves.
            for member in 0..<groupEnd - groupStart where length[member] > 0 {
                let start = Int(first[groupStart + member]), count = Int(first[groupStart + member + 1]) - start
                let target = slots + slot[member]
                for pair in 0..<count / 2 {
                    let position = start + 2 * pair
                    prefetch(position + 2 * prefetchDistance)
                    prefetch(position + 2 * prefetchDistance + 1)
                    batch.add(point(entries[position]), point(entries[position + 1]), into: target + pair)
                }
                if count % 2 == 1 { (target + count / 2).initialize(to: point(entries[start + count - 1])) }
                if length[member] > 1 { active.append(member) }
            }
            batch.complete()
            // Then rounds in place: pair j goes to slot j, below every slot a
            // later pair of the round reads.
            while !active.isEmpty {
                for member in active {
                    let target = slots + slot[member], count = length[member]
                    for pair in 0..<count / 2 {
                        batch.add(target[2 * pair], target[2 * pair + 1], into: target + pair)
                    }
                    if count % 2 == 1 { target[count / 2] = target[count - 1] }
                    length[member] = (count + 1) / 2
                    if length[member] > 1 { stillActive.append(member) }
                }
                batch.complete()
                swap(&active, &stillActive)
                stillActive.removeAll(keepingCapacity: true)
            }
            for member in 0..<groupEnd - groupStart {
                (sums + groupStart + member).initialize(to: length[member] > 0 ? slots[slot[member]] : .infinity)
            }
            groupStart = groupEnd
        }
    }

    /// Step 3: Σ (k + 1)·sums[k]. Lane s runs over buckets s·L ..< (s + 1)·L,
    /// which gives it weights off by s·L; L·Σ s·(lane s's sum) corrects them.
    private static func weightedSum(_ sums: UnsafeMutablePointer<AffinePoint<C>>, count: Int, batch: inout AffineAdditionBatch<C>) -> JacobianPoint<C> {
        let lanes = min(Self.lanes, count)
        let stretch = count / lanes
        precondition(stretch * lanes == count, "bucket counts are powers of two")
        let running = UnsafeMutablePointer<AffinePoint<C>>.allocate(capacity: lanes)
        let weighted = UnsafeMutablePointer<AffinePoint<C>>.allocate(capacity: lanes)
        defer {
            running.deallocate()
            weighted.deallocate()
        }
        running.initialize(repeating: .infinity, count: lanes)
        weighted.initialize(repeating: .infinity, count: lanes)
        for step in stride(from: stretch - 1, through: 0, by: -1) {
            for lane in 0..<lanes { batch.add(running[lane], sums[lane * stretch + step], into: running + lane) }
            batch.complete()
            for lane in 0..<lanes { batch.add(weighted[lane], running[lane], into: weighted + lane) }
            batch.complete()
        }
        var laneRunning = JacobianPoint<C>.infinity
        var laneWeighted = JacobianPoint<C>.infinity
        var total = JacobianPoint<C>.infinity
        for lane in stride(from: lanes - 1, through: 0, by: -1) {
            if lane > 0 {
                laneRunning += running[lane]
                laneWeighted += laneRunning
            }
            total += weighted[lane]
        }
        for _ in 0..<stretch.trailingZeroBitCount { laneWeighted = laneWeighted.doubled() }
        return total + laneWeighted
    }
}
