/// Every error the API answers with: `{"error": {"code": …, "message": …}}`,
/// a stable machine-readable code and a message for a person
/// (docs/PROTOCOL.md lists the codes by status).
public struct APIErrorBody: Codable, Sendable, Equatable {
    /// The code and the message.
    public struct Detail: Codable, Sendable, Equatable {
        public var code: String
        public var message: String

        public init(code: String, message: String) {
            self.code = code
            self.message = message
        }
    }

    public var error: Detail

    public init(code: String, message: String) { error = Detail(code: code, message: message) }
}
