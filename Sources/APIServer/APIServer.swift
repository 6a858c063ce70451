/// APIServer: the REST API for wallets, explorers and bridges, validating
/// every signature, nonce and balance before anything is queued. Built in
/// issue 8.
public enum APIServer {}
