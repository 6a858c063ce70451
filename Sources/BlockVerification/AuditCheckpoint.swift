import Algebra
import Foundation
import RollupTypes
import Support

/// How far a node's verified chain was audited (``VerifiedChainAudit``):
/// the last block checked, its new root, and a digest chaining every
/// verified block's header and published authority up to it. It is kept in
/// a file of the data directory, outside the database, so that whoever can
/// write the database cannot change a block the node already checked
/// without the next audit seeing it; that audit verifies again only the
/// proofs of blocks after it.
public struct AuditCheckpoint: Codable, Equatable, Sendable {
    /// The last audited block (0: genesis).
    public let block: UInt32
    /// Its new root, decimal.
    public let root: String
    /// Hex SHA-256 chain over the audited blocks (``advanced(by:)``).
    public let digest: String

    /// Before block 1: the chain's genesis root and a zero digest.
    public static func genesis(_ chain: ChainConfiguration) -> AuditCheckpoint {
        AuditCheckpoint(block: 0, root: chain.parameters.genesisRoot(operatorKey: chain.operatorKey).decimalString, digest: String(repeating: "0", count: 64))
    }

    /// The checkpoint after `record`: digest = SHA-256(digest (32) ‖ number
    /// (4, big-endian) ‖ type name (UTF-8) ‖ old root ‖ new root ‖
    /// commitment (32 each) ‖ published authority).
    public func advanced(by record: BlockRecord) -> AuditCheckpoint {
        var hash = SHA256()
        hash.update([UInt8](hex: digest) ?? [])
        hash.update(BigEndian.bytes(UInt128(record.number), count: 4))
        hash.update(Array(record.type.rawValue.utf8))
        hash.update(record.oldRoot.bigEndianBytes + record.newRoot.bigEndianBytes + record.commitment.bigEndianBytes)
        hash.update(record.authority)
        return AuditCheckpoint(block: record.number, root: record.newRoot.decimalString, digest: hash.finalize().hexString)
    }

    /// The checkpoint in `path`, or nil when there is none or it cannot be
    /// read (then the whole chain is audited, as on a first start).
    public static func read(_ path: String) -> AuditCheckpoint? {
        guard let data = FileManager.default.contents(atPath: path), data.count <= 4096 else { return nil }
        return try? JSONDecoder().decode(AuditCheckpoint.self, from: data)
    }

    /// Replaces `path` with this checkpoint (a new file renamed over it).
    public func write(to path: String) throws {
        try JSONEncoder().encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
