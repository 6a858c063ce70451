import Foundation
import Primitives

/// The accounts holding each public key, for lookups by key
/// (`GET /v1/accounts/by-key/{key}`) in constant time instead of a scan of
/// the tree. Keys never change, so an account is recorded once, when it is
/// created; only an account that stops existing (a pending new account
/// dropped at sealing) is removed. Safe to use from any thread: readers
/// never wait for the writer's other work, only for one dictionary update.
public final class AccountKeyIndex: @unchecked Sendable {
    private let lock = NSLock()
    /// Each key's accounts, ascending; almost always one.
    private var accounts: [EdDSAPublicKey: [AccountID]] = [:]

    /// An index of `accounts`.
    public init(_ accounts: some Sequence<(AccountID, Account)> = [(AccountID, Account)]()) {
        for (id, account) in accounts { insertLocked(id, key: account.publicKey) }
    }

    /// Records that account `id` holds `key` (again is harmless).
    public func insert(_ id: AccountID, key: EdDSAPublicKey) {
        lock.withLock { insertLocked(id, key: key) }
    }

    /// Forgets that account `id` holds `key`.
    public func remove(_ id: AccountID, key: EdDSAPublicKey) {
        lock.withLock {
            accounts[key]?.removeAll { $0 == id }
            if accounts[key]?.isEmpty == true { accounts[key] = nil }
        }
    }

    /// The lowest account id holding `key`.
    public func firstAccount(withKey key: EdDSAPublicKey) -> AccountID? {
        lock.withLock { accounts[key]?.first }
    }

    /// Inserts in order by binary search: a key shared by many accounts
    /// (one wallet, many accounts) costs log n per insertion.
    private func insertLocked(_ id: AccountID, key: EdDSAPublicKey) {
        var ids = accounts.removeValue(forKey: key) ?? []
        var low = 0, high = ids.count
        while low < high {
            let middle = (low + high) / 2
            if ids[middle] < id { low = middle + 1 } else { high = middle }
        }
        if low == ids.count || ids[low] != id { ids.insert(id, at: low) }
        accounts[key] = ids
    }
}
