import Algebra
import Support

/// A 64-byte hash as snarkjs prints it (misc.js `formatHash`): the title,
/// then four lines, each two tabs and four big-endian 32-bit words in
/// eight hex digits.
public enum SnarkJSHashFormat {
    public static func format(_ hash: [UInt8], title: String) -> String {
        var lines = [title]
        for line in 0..<4 {
            var words = [String]()
            for word in 0..<4 {
                let start = 16 * line + 4 * word
                words.append(Array(hash[start..<(start + 4)]).hexString)
            }
            lines.append("\t\t" + words.joined(separator: " "))
        }
        return lines.joined(separator: "\n")
    }
}
