import RollupTypes

/// The size of one slot's pubdata in each kind of block: a no-op fills its
/// slot with zero bytes (tag 0).
enum PubdataLayout {
    static func slotSize(_ type: BlockType) -> Int {
        switch type {
        case .transfer: return 14
        case .deposit: return 52
        case .exit: return 42
        }
    }
}
