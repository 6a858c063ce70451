/// One numbered schema change from migrations/ (embedded in the binary by
/// scripts/gen_migrations.py).
public struct Migration: Sendable, Equatable {
    public let version: Int
    public let name: String
    public let sql: String

    /// Every migration, in order.
    public static var all: [Migration] { embedded }
}
