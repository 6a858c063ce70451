/// A failure while a command runs (bad input found after parsing, an
/// unreadable file): printed as "Error: …" with exit code 1, without the
/// usage text that argument errors get.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}
