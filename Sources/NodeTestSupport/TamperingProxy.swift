import APIContract
import Algebra
import ChildProcess
import Foundation
import Groth16
import Hummingbird
import RollupTypes
import Support
import TestSupport
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// An HTTP proxy in front of an upstream node that alters one of its
/// answers at a time, as a lying or broken operator would: a block's
/// pubdata, fee, roots or proof, the order of blocks, or the chain's shape.
public final class TamperingProxy: @unchecked Sendable {
    /// What the proxy changes in what it forwards.
    public enum Alteration: Sendable {
        case none
        /// One pubdata byte of the block, the rest as published.
        case pubdataByte(UInt32)
        /// One pubdata byte of a transfer's amount, with the commitment recomputed to match.
        case pubdataWithCommitment(UInt32)
        /// The total fee, with the commitment recomputed to match.
        case totalFeeWithCommitment(UInt32)
        /// The old root replaced by the block's new root.
        case oldRoot(UInt32)
        /// The new root replaced by the block's old root.
        case newRoot(UInt32)
        /// The proof replaced by the previous block's.
        case proof(UInt32)
        /// The block left out of the list.
        case drop(UInt32)
        /// The block swapped with the next one.
        case swap(UInt32)
        /// One byte of the bridge's signature of slot 0's deposit.
        case depositSignature(UInt32)
        /// GET /v1/chain says transfer blocks have one slot more, with the
        /// chain id that shape derives: another chain, told consistently.
        case transferBlockSize
        /// GET /v1/chain states another chain id than its fields derive.
        case chainID
        /// GET /v1/accounts/{id}/exit-proof: the root changed.
        case exitProofRoot
        /// GET /v1/blocks/{n}: the new root changed.
        case blockNewRoot
        /// GET /v1/blocks/{n}: a pubdata byte flipped, the rest as published.
        case blockPubdata
        /// GET /v1/blocks/{n}: a pubdata byte flipped and the commitment recomputed to match.
        case blockPubdataWithCommitment
        /// GET /v1/blocks/{n}: the proof's A and C swapped.
        case blockProof
        /// GET /v1/fees suggests this fee for every kind.
        case suggestedFee(String)
        /// GET /v1/blocks answers 1 GiB of JSON whitespace, streamed.
        case gibibyteBlockPage
        /// GET /v1/blocks answers these bytes as `Content-Encoding: gzip`.
        case gzippedBlockPage(Data)
    }

    private let lock = NSLock()
    private var current = Alteration.none
    private var answered = [String]()
    public let upstream: String
    public private(set) var url = ""

    public var alteration: Alteration {
        get { lock.withLock { current } }
        set { lock.withLock { current = newValue } }
    }

    private init(upstream: String) { self.upstream = upstream }

    /// The paths of the requests answered so far, once the upstream had answered each.
    public var answeredPaths: [String] { lock.withLock { answered } }

    /// A proxy for `upstream`, listening for the rest of the process.
    public static func start(upstream: String) async throws -> TamperingProxy {
        let proxy = TamperingProxy(upstream: upstream)
        let router = Router()
        router.get("**") { request, _ -> Response in try await proxy.forward(request) }
        proxy.url = try await FollowerUpstream.serve { onListening in
            Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), onServerRunning: { onListening($0.localAddress?.port ?? 0) })
        }
        return proxy
    }

    private func forward(_ request: Request) async throws -> Response {
        if request.uri.path == "/v1/blocks", let hostile = Self.hostile(alteration) { return hostile }
        guard let target = URL(string: upstream + request.uri.description) else { throw HTTPError(.badRequest) }
        let (data, response) = try await URLSession.shared.data(from: target)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 502
        lock.withLock { answered.append(request.uri.path) }
        var body = data
        if status == 200 { body = try alter(path: request.uri.path, data) }
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    private func alter(path: String, _ data: Data) throws -> Data {
        let alteration = self.alteration
        if path == "/v1/chain" {
            var view = try JSONDecoder().decode(ChainView.self, from: data)
            switch alteration {
            case .transferBlockSize:
                let (chain, hashes) = try view.decoded()
                var sizes = chain.parameters.blockSizes
                sizes[.transfer, default: 0] += 1
                let other = try ChainConfiguration(
                    parameters: try ChainParameters(treeDepth: chain.parameters.treeDepth, blockSizes: sizes, fullBlockTimeout: chain.parameters.fullBlockTimeout),
                    operatorKey: chain.operatorKey, bridgePublicKey: chain.bridgePublicKey, salt: chain.salt)
                view = ChainView(other, keyHashes: hashes, setups: try view.setups())
            case .chainID:
                view.chainId = "0x" + String(view.chainId.dropFirst(2).reversed())
            default: return data
            }
            return try JSONEncoder().encode(view)
        }
        if path.hasPrefix("/v1/accounts/"), path.hasSuffix("/exit-proof") {
            guard case .exitProofRoot = alteration else { return data }
            var proof = try JSONDecoder().decode(ExitProofView.self, from: data)
            proof.root = proof.siblings.first ?? "0"
            return try JSONEncoder().encode(proof)
        }
        if path == "/v1/fees" {
            guard case .suggestedFee(let fee) = alteration else { return data }
            var fees = try JSONDecoder().decode(FeesView.self, from: data)
            for kind in fees.fees.keys { fees.fees[kind]?.suggestedFee = fee }
            return try JSONEncoder().encode(fees)
        }
        if path.hasPrefix("/v1/blocks/") {
            var block = try JSONDecoder().decode(BlockView.self, from: data)
            switch alteration {
            case .blockNewRoot: block.newRoot = block.oldRoot
            case .blockPubdata: block.pubdata = Self.flipping(block.pubdata, byte: 2)
            case .blockPubdataWithCommitment:
                block.pubdata = Self.flipping(block.pubdata, byte: 2)
                block.commitment = try Self.commitment(of: block)
            case .blockProof:
                if let json = block.proof {
                    var proof = try SnarkJSFormat.decodeProof(Data(json.text.utf8))
                    (proof.a, proof.c) = (proof.c, proof.a)
                    block.proof = try JSONValue(parsing: String(decoding: try SnarkJSFormat.encode(proof), as: UTF8.self))
                }
            default: return data
            }
            return try JSONEncoder().encode(block)
        }
        guard path == "/v1/blocks" else { return data }
        var blocks = try JSONDecoder().decode(BlockPage.self, from: data).blocks
        func index(_ number: UInt32) -> Int? { blocks.firstIndex { $0.number == number } }
        switch alteration {
        case .none, .transferBlockSize, .chainID, .exitProofRoot, .blockNewRoot, .blockPubdata, .blockPubdataWithCommitment, .blockProof, .suggestedFee,
             .gibibyteBlockPage, .gzippedBlockPage:
            break
        case .depositSignature(let number):
            if let i = index(number) { blocks[i].authority = Self.flipping(blocks[i].authority, byte: 8 + 5) }
        case .pubdataByte(let number):
            if let i = index(number) { blocks[i].pubdata = Self.flipping(blocks[i].pubdata, byte: 2) }
        case .pubdataWithCommitment(let number):
            if let i = index(number) {
                // Byte 11 is the low byte of slot 0's packed amount (tag, from, to, amount): the amount changes by a small step.
                blocks[i].pubdata = Self.flipping(blocks[i].pubdata, byte: 11, mask: 0x20)
                blocks[i].commitment = try Self.commitment(of: blocks[i])
            }
        case .totalFeeWithCommitment(let number):
            if let i = index(number) {
                blocks[i].totalFee = String((UInt128(blocks[i].totalFee) ?? 0) + 1)
                blocks[i].commitment = try Self.commitment(of: blocks[i])
            }
        case .oldRoot(let number):
            if let i = index(number) { blocks[i].oldRoot = blocks[i].newRoot }
        case .newRoot(let number):
            if let i = index(number) { blocks[i].newRoot = blocks[i].oldRoot }
        case .proof(let number):
            if let i = index(number), i > 0 { blocks[i].proof = blocks[i - 1].proof }
        case .drop(let number):
            if let i = index(number) { blocks.remove(at: i) }
        case .swap(let number):
            if let i = index(number), i + 1 < blocks.count { blocks.swapAt(i, i + 1) }
        }
        return try JSONEncoder().encode(BlockPage(blocks: blocks))
    }

    /// The answer of an upstream that tries to exhaust its follower's memory, if `alteration` is one.
    private static func hostile(_ alteration: Alteration) -> Response? {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        switch alteration {
        case .gibibyteBlockPage:
            let megabyte = ByteBuffer(repeating: UInt8(ascii: " "), count: 1 << 20)
            return Response(status: .ok, headers: headers, body: ResponseBody { writer in
                try await writer.write(ByteBuffer(string: "{\"blocks\": ["))
                for _ in 0..<1024 { try await writer.write(megabyte) }
                try await writer.write(ByteBuffer(string: "]}"))
                try await writer.finish(nil)
            })
        case .gzippedBlockPage(let compressed):
            headers[.contentEncoding] = "gzip"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: compressed)))
        default:
            return nil
        }
    }

    /// A gzip stream that inflates to a page of 1 GiB of whitespace (about
    /// 1 MiB compressed), made with Debian's gzip.
    public static func gzipBomb() throws -> Data {
        let file = ScratchDirectory.path("gzip-bomb").path + ".gz"
        let made = try ChildProcess.run("/bin/sh", ["-c", #"{ printf '{"blocks": ['; head -c 1073741824 /dev/zero | tr '\0' ' '; printf ']}'; } | gzip -9 > "$0""#, file])
        guard made.status == 0, let data = FileManager.default.contents(atPath: file) else { throw FixtureFailure("gzip failed: \(made.output)") }
        return data
    }

    /// `pubdata` (0x-hex) with byte `byte` XORed with `mask`.
    public static func flipping(_ pubdata: String, byte: Int, mask: UInt8 = 0x01) -> String {
        var bytes = [UInt8](hex: pubdata) ?? []
        if byte < bytes.count { bytes[byte] ^= mask }
        return "0x" + bytes.hexString
    }

    /// The commitment of the block's number, stated fee and pubdata.
    public static func commitment(of block: BlockView) throws -> String {
        BlockCommitment.compute(blockNumber: block.number, totalFee: UInt128(block.totalFee) ?? 0, pubdata: [UInt8](hex: block.pubdata) ?? []).decimalString
    }
}
