import Foundation

/// Why a wallet command stopped: bad input found after parsing, a file it
/// cannot read, or a node it cannot reach. Printed as "Error: …" with exit
/// code 1.
public struct WalletFailure: Error, CustomStringConvertible {
    public let description: String

    init(_ description: String) { self.description = description }
}

/// The bytes of `path`, or a failure naming it.
func readFile(_ path: String) throws -> Data {
    do {
        return try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
        throw WalletFailure("cannot read \(path): \((error as NSError).localizedDescription)")
    }
}
