import Ethereum
import Foundation
import Primitives
import Storage
import Support

/// The L1 transaction eth_sender has in flight, in DATA/l1-outbox.json:
/// written (synced, then renamed into place) before the transaction is
/// handed to the endpoint, and removed once a version of it is mined. A
/// node killed at any point finds it at start and follows it to its
/// receipt (handing it to the endpoint again, or a replacement with higher
/// fees) before it sends anything else, so no block is sent twice.
///
/// The file is outside the process, and a fee bump signs what it names: so
/// each entry carries a MAC, Keccak-256 over a secret derived from the
/// operator's L1 key and the entry's other fields (sorted-key JSON), and
/// an entry without the right MAC is refused, never signed.
struct L1Outbox {
    /// One transaction, by its nonce: every version sent (fee bumps
    /// replace one another) and what it does.
    struct Entry: Codable, Equatable {
        /// What it does, for the log ("commitAndProveBlocks 3…4").
        var purpose: String
        var nonce: UInt64
        var to: EthereumAddress
        /// 0x-hex calldata.
        var data: String
        var gasLimit: UInt64
        /// Decimal wei per gas, of the newest version.
        var maxFeePerGas: String
        var maxPriorityFeePerGas: String
        /// The hash of every version sent, oldest first: any of them may be mined.
        var hashes: [String]
        /// The newest version, signed (0x-hex), to hand to the endpoint again.
        var raw: String
        /// When the newest version was first handed over (Unix ms).
        var sentAt: Int64
        /// 0x-hex Keccak-256 of the derived secret and the other fields.
        var mac: String?
    }

    /// Why the outbox cannot be read or written: the node stops sending until it can.
    struct Failure: Error, CustomStringConvertible {
        let path: String
        let reason: String
        var description: String { "eth_sender's record of the L1 transaction in flight, \(path): \(reason)" }
    }

    static let fileName = "l1-outbox.json"
    /// Versions of one transaction kept, at most: a fee bump past this many is refused.
    static let maxVersions = 64
    /// The file is one entry: 64 hashes and a raw transaction of 16 blocks' calldata fit well below this.
    static let maxBytes = 1 << 20

    let path: String
    private let macKey: [UInt8]

    init(directory: String, key: EthereumKey) {
        path = URL(fileURLWithPath: directory).appendingPathComponent(Self.fileName).path
        macKey = key.derivedSecret(for: "eth_sender outbox")
    }

    /// The MAC of `entry`'s fields other than its MAC.
    private func mac(_ entry: Entry) throws(Failure) -> String {
        var fields = entry
        fields.mac = nil
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let bytes: Data
        do { bytes = try encoder.encode(fields) } catch { throw Failure(path: path, reason: "cannot be encoded: \(error)") }
        return "0x" + Keccak256.hash(macKey + Array(bytes)).hexString
    }

    /// The transaction in flight, if any; a file that is not one is refused, not ignored.
    func load() throws(Failure) -> Entry? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw Failure(path: path, reason: "cannot be opened") }
        defer { try? handle.close() }
        let bytes: Data
        do { bytes = try handle.read(upToCount: Self.maxBytes + 1) ?? Data() } catch { throw Failure(path: path, reason: "cannot be read: \(error)") }
        guard bytes.count <= Self.maxBytes else { throw Failure(path: path, reason: "is larger than \(Self.maxBytes) bytes") }
        let entry: Entry
        do { entry = try JSONDecoder().decode(Entry.self, from: bytes) } catch { throw Failure(path: path, reason: "is not an outbox entry (\(error)); if no L1 transaction is in flight, remove it") }
        guard entry.mac == (try mac(entry)) else {
            throw Failure(path: path, reason: "holds an entry not written by this node with its L1 key: nothing is signed from it; remove it if no L1 transaction of this node is in flight")
        }
        guard !entry.hashes.isEmpty, entry.hashes.count <= Self.maxVersions, [UInt8](hex: entry.raw) != nil, [UInt8](hex: entry.data) != nil,
              UInt128(entry.maxFeePerGas) != nil, UInt128(entry.maxPriorityFeePerGas) != nil else {
            throw Failure(path: path, reason: "holds an entry without hashes, with more than \(Self.maxVersions), or with fields that are not hex or decimal")
        }
        return entry
    }

    func save(_ entry: Entry) throws(Failure) {
        var entry = entry
        entry.mac = try mac(entry)
        let bytes: [UInt8]
        do { bytes = Array(try JSONEncoder().encode(entry)) } catch { throw Failure(path: path, reason: "cannot be encoded: \(error)") }
        do { try SecretFile.write(bytes, to: path) } catch { throw Failure(path: path, reason: error.description) }
    }

    func clear() throws(Failure) {
        guard FileManager.default.fileExists(atPath: path) else { return }
        do { try FileManager.default.removeItem(atPath: path) } catch { throw Failure(path: path, reason: "cannot be removed: \(error)") }
    }
}

extension L1Outbox.Entry {
    /// The entry of `transaction` to `to`, signed as `signed`, before it is first handed over.
    init(purpose: String, transaction: EIP1559Transaction, to: EthereumAddress, signed: (raw: [UInt8], hash: [UInt8])) {
        self.init(
            purpose: purpose, nonce: transaction.nonce, to: to, data: "0x" + transaction.data.hexString,
            gasLimit: transaction.gasLimit, maxFeePerGas: String(transaction.maxFeePerGas), maxPriorityFeePerGas: String(transaction.maxPriorityFeePerGas),
            hashes: ["0x" + signed.hash.hexString], raw: "0x" + signed.raw.hexString, sentAt: UnixTime.milliseconds(), mac: nil)
    }

    /// The transaction again (the newest version's fields), for a fee bump.
    func transaction(chainID: UInt64) -> EIP1559Transaction {
        EIP1559Transaction(
            chainID: chainID, nonce: nonce, maxPriorityFeePerGas: UInt128(maxPriorityFeePerGas) ?? 0, maxFeePerGas: UInt128(maxFeePerGas) ?? 0, gasLimit: gasLimit,
            to: to, data: [UInt8](hex: data) ?? [])
    }

    /// The entry with `transaction`, signed as `signed`, as its newest version.
    func replaced(by transaction: EIP1559Transaction, signed: (raw: [UInt8], hash: [UInt8])) -> Self {
        var entry = self
        entry.maxFeePerGas = String(transaction.maxFeePerGas)
        entry.maxPriorityFeePerGas = String(transaction.maxPriorityFeePerGas)
        entry.hashes.append("0x" + signed.hash.hexString)
        entry.raw = "0x" + signed.raw.hexString
        entry.sentAt = UnixTime.milliseconds()
        return entry
    }
}
