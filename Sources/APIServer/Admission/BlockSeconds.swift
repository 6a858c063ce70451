import RollupTypes
import Storage

/// Seconds per verified block lately, by the block's type: over the last
/// 40 verified blocks, the mean time from the later of a block's commit
/// and its predecessor's verification to its own verification, grouped by
/// the block's type. While proving is behind, that is what each block of
/// the backlog adds (its proof and everything around it, over the provers
/// working at once); on a quiet node, a lone block's time to verification.
/// Block types prove at different speeds (a deposit block has fewer
/// constraints than a transfer block), so the backlog is priced by its mix.
struct BlockSeconds {
    /// The mean by type, for the types verified in the window.
    var byType: [BlockType: Double]
    /// The mean over the window; nil until two blocks are verified.
    var mean: Double?

    /// How many of the latest verified blocks are measured.
    static let window = 40

    /// The figures from the latest verified blocks in `store`.
    static func recent(_ store: any NodeStore) throws -> BlockSeconds {
        let last = Int(try store.lastVerifiedBlock())
        guard last >= 2 else { return BlockSeconds(byType: [:], mean: nil) }
        let first = max(1, last - window)
        let blocks = try store.blocks(from: UInt32(first), limit: last - first + 1)
        let times = zip(blocks, blocks.dropFirst()).compactMap { previous, block -> (BlockType, Double)? in
            guard let before = previous.verifiedAt, let at = block.verifiedAt, block.number == previous.number + 1 else { return nil }
            return (block.type, Double(at - max(before, block.committedAt)) / 1000)
        }
        let byType = Dictionary(grouping: times, by: \.0).mapValues { Self.mean($0.map(\.1)) }
        return BlockSeconds(byType: byType, mean: times.isEmpty ? nil : mean(times.map(\.1)))
    }

    private static func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }
}
