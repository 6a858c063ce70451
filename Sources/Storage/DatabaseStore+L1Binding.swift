import RollupTypes
import Support

extension DatabaseStore {
    /// Binds the database's chain to its contracts on L1 (docs/PROTOCOL.md,
    /// "The chain id"): records `binding` in server_config and the bound
    /// chain id, in one transaction, and returns the bound chain. Only a
    /// chain without history may be bound: a transaction accepted under the
    /// genesis id was signed for it and would verify under neither. Binding
    /// a chain again to the same contracts changes nothing; to others is
    /// refused.
    public func bindToL1(_ binding: L1Binding) throws -> ChainConfiguration {
        try writeTransaction { connection in
            guard let chain = try Self.configuration(connection) else { throw StorageError.l1BindingRefused("the database holds no chain yet") }
            if let bound = chain.l1Binding {
                guard bound == binding else {
                    throw StorageError.l1BindingRefused(
                        "the chain is bound to the rollup contract \(bound.rollupHex) on L1 chain \(bound.l1ChainID) already, not \(binding.rollupHex) on \(binding.l1ChainID)")
                }
                return chain
            }
            try Self.refuseHistory(of: chain, connection)
            let bound = chain.bound(to: binding)
            try connection.run(
                "UPDATE server_config SET l1_chain_id = ?, l1_rollup = ?, chain_id = ? WHERE id = 1",
                [.text(String(binding.l1ChainID)), .text(binding.rollupHex), .text(bound.chainID.description)])
            return bound
        }
    }

    /// Refuses, before anything is deployed, a chain that can no longer be
    /// bound (``bindToL1(_:)``): one with history, or one bound already.
    public func checkBindable() throws {
        try read { connection in
            guard let chain = try Self.configuration(connection) else { throw StorageError.l1BindingRefused("the database holds no chain yet") }
            if let bound = chain.l1Binding {
                throw StorageError.l1BindingRefused("the chain is bound to the rollup contract \(bound.rollupHex) on L1 chain \(bound.l1ChainID) already")
            }
            try Self.refuseHistory(of: chain, connection)
        }
    }

    /// Whether the chain has any transaction or block.
    public func hasHistory() throws -> Bool {
        try read { connection in
            (try connection.row("""
                SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM transactions LIMIT 1) t) + (SELECT COUNT(*) FROM (SELECT 1 FROM blocks LIMIT 1) b)
                """)?.integer(0) ?? 0) != 0
        }
    }

    private static func refuseHistory(of chain: ChainConfiguration, _ connection: any DatabaseConnection) throws {
        let transactions = try connection.row("SELECT COUNT(*) FROM transactions")?.integer(0) ?? 0
        let blocks = try connection.row("SELECT COUNT(*) FROM blocks")?.integer(0) ?? 0
        guard transactions == 0, blocks == 0 else {
            throw StorageError.l1BindingRefused(
                "the chain has \(transactions) transactions and \(blocks) blocks under its genesis id \(chain.genesisChainID); "
                    + "a chain is bound to L1 before its first transaction, so deploy for a new data directory")
        }
        // Rows deleted behind the node's back leave their accounts: the state must be the genesis one too.
        let accounts = try connection.row("SELECT COUNT(*) FROM accounts WHERE id <> 0 OR balance <> '0' OR nonce <> 0")?.integer(0) ?? 0
        guard accounts == 0 else {
            throw StorageError.l1BindingRefused(
                "the chain holds \(accounts) accounts beyond its genesis (though no transaction or block): its database was changed; "
                    + "a chain is bound to L1 before its first transaction, so deploy for a new data directory")
        }
    }

    /// server_config's L1 columns: both or neither.
    static func l1Binding(_ l1ChainID: String?, _ rollup: String?) throws -> L1Binding? {
        switch (l1ChainID, rollup) {
        case (nil, nil): return nil
        case (let chainText?, let rollupText?):
            guard let chainID = UInt64(chainText), String(chainID) == chainText else {
                throw StorageError.corrupt("server_config.l1_chain_id \(chainText.prefix(40)) is not a decimal chain id")
            }
            guard rollupText.count == 42, rollupText.hasPrefix("0x"), rollupText.dropFirst(2).allSatisfy({ $0.isHexDigit && !$0.isUppercase }),
                  let address = [UInt8](hex: rollupText) else {
                throw StorageError.corrupt("server_config.l1_rollup \(rollupText.prefix(60)) is not 0x and 40 lowercase hex digits")
            }
            return try L1Binding(l1ChainID: chainID, rollup: address)
        default:
            throw StorageError.corrupt("server_config holds one of l1_chain_id and l1_rollup without the other")
        }
    }
}
