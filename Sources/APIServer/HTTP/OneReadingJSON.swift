/// The rules that give a request's JSON text one reading (docs/PROTOCOL.md,
/// "JSON"), checked on its bytes before Foundation's JSONDecoder reads it.
/// That decoder alone takes `1.0`, `1e0` and `-0` for an integer, keeps the
/// first of two equal keys where other parsers keep the last, allows a
/// trailing comma, skips a byte-order mark, and reads UTF-16 and UTF-32 as
/// well as UTF-8; a signer and the node could then read different
/// transactions from one text. Bytes that are not JSON at all are left for
/// the decoder to refuse.
enum OneReadingJSON {
    /// What breaks the rules, as a sentence for a 400; nil when nothing does.
    static func violation(in bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return "a body is UTF-8 JSON without a byte-order mark" }
        // UTF-16 and UTF-32 text holds zero bytes, and JSON in UTF-8 never does (a control character is escaped).
        guard !bytes.contains(0), String(validating: bytes, as: UTF8.self) != nil else { return "a body is JSON in UTF-8" }
        var scan = Scan(bytes: bytes)
        return scan.run()
    }

    /// An open object or array: an object's keys so far, and whether a key
    /// comes next.
    private struct Container {
        let isObject: Bool
        var keys: Set<[UInt8]> = []
        var keyNext: Bool
    }

    /// One pass over the text: strings are skipped with their escapes,
    /// numbers are checked as tokens, and each open object keeps the keys
    /// it has seen.
    private struct Scan {
        let bytes: [UInt8]
        var index = 0
        /// The open containers, innermost last.
        var open = [Container]()

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func run() -> String? {
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "\""):
                    let text = string()
                    guard let innermost = open.indices.last, open[innermost].isObject, open[innermost].keyNext else { continue }
                    guard !text.contains(UInt8(ascii: "\\")) else {
                        return "an object's key may not hold an escape: \(Self.shown(text))"
                    }
                    guard open[innermost].keys.insert(text).inserted else {
                        return "the key \"\(Self.shown(text))\" appears twice in one object"
                    }
                    open[innermost].keyNext = false
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    open.append(Container(isObject: byte == UInt8(ascii: "{"), keyNext: byte == UInt8(ascii: "{")))
                    index += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    if index > 0, Self.lastBefore(index, in: bytes) == UInt8(ascii: ",") { return "a trailing comma before \(Character(Unicode.Scalar(byte)))" }
                    if !open.isEmpty { open.removeLast() }
                    index += 1
                case UInt8(ascii: ","):
                    if let innermost = open.indices.last, open[innermost].isObject { open[innermost].keyNext = true }
                    index += 1
                case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    let start = index
                    while index < bytes.count, Self.numberBytes.contains(bytes[index]) { index += 1 }
                    let token = Array(bytes[start..<index])
                    if !Self.isCanonicalInteger(token) {
                        return "the number \(Self.shown(token)) is not an integer in its plain decimal form (no fraction, exponent, leading zero or -0)"
                    }
                default:
                    index += 1
                }
            }
            return nil
        }

        /// The string's raw bytes between its quotes; the index moves past it.
        private mutating func string() -> [UInt8] {
            let start = index + 1
            index = start
            while index < bytes.count && bytes[index] != UInt8(ascii: "\"") {
                index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
            }
            let text = Array(bytes[start..<min(index, bytes.count)])
            index += 1
            return text
        }

        /// The last byte before `index` that is not JSON whitespace (0 if none).
        private static func lastBefore(_ index: Int, in bytes: [UInt8]) -> UInt8 {
            var at = index - 1
            while at >= 0, whitespace.contains(bytes[at]) { at -= 1 }
            return at >= 0 ? bytes[at] : 0
        }

        /// At most 64 bytes of `text`, for a message.
        private static func shown(_ text: [UInt8]) -> String {
            String(decoding: text.prefix(64), as: UTF8.self) + (text.count > 64 ? "…" : "")
        }

        private static let whitespace: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]
        private static let numberBytes = Set("0123456789+-.eE".utf8)

        /// `0` or `-?[1-9][0-9]*`.
        private static func isCanonicalInteger(_ token: [UInt8]) -> Bool {
            let digits = token.first == UInt8(ascii: "-") ? token.dropFirst() : token[...]
            guard let first = digits.first, digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return false }
            if first == UInt8(ascii: "0") { return digits.count == 1 && token.count == 1 }  // "0", never "-0" or "01"
            return true
        }
    }
}
