#!/usr/bin/env python3
"""A development L1 for tests: standard Ethereum JSON-RPC over HTTP, on
loopback only, backed by py-evm through eth-tester (PyPI). Each transaction
is mined in a block of its own at once; or, with --block-time, it waits in
a pool until the next block time, as on a real chain.

    python3 scripts/dev_l1.py [--port PORT] [--block-time SECONDS]

It prints one JSON line when it listens: {"url", "chainId", "keys"}, where
keys are the private keys of its funded development accounts (1,000,000
ETH each; never use them anywhere else). It stops on SIGTERM or SIGINT.

Methods: web3_clientVersion, net_version, eth_chainId, eth_blockNumber,
eth_getBlockByNumber, eth_getBalance, eth_getTransactionCount, eth_getCode,
eth_call, eth_estimateGas, eth_gasPrice, eth_maxPriorityFeePerGas,
eth_sendRawTransaction, eth_getTransactionByHash,
eth_getTransactionReceipt, eth_getLogs; and, for staging reorgs,
evm_snapshot, evm_revert (back to a snapshot: later blocks and their
transactions are gone) and evm_mine. A request body above 1 MiB is refused.

With --block-time, a raw transaction joins a pool keyed by sender and
nonce; every SECONDS the pool's transactions whose nonces follow the
sender's, with a priority fee at or above the pool's minimum, are mined
(reverted ones too, with status 0), or else one empty block. A transaction
with the nonce of a pooled one replaces it only with both fees a tenth
higher ("replacement transaction underpriced" otherwise); the same one
again is "already known"; a used nonce is "nonce too low". Until mined it
has no receipt, eth_getTransactionByHash shows it with blockNumber null,
and eth_getTransactionCount(address, "pending") counts it.
dev_setMinimumPriorityFee(quantity) sets the minimum (0 at first), so that
tests can hold transactions until their sender raises the fee.
"""
import argparse
import json
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import rlp
from eth_account import Account
from eth_tester import EthereumTester, PyEVMBackend
from eth_utils import keccak
from eth_tester.exceptions import TransactionFailed, TransactionNotFound, BlockNotFound, SnapshotNotFound

MAX_BODY = 1 << 20
# eth-tester's funded accounts are those of the private keys 1 … 10.
KEYS = ["0x%064x" % index for index in range(1, 11)]


def quantity(value):
    return hex(value)


def data(value):
    if value is None:
        return None
    if isinstance(value, (bytes, bytearray)):
        return "0x" + value.hex()
    return value


class RPCError(Exception):
    def __init__(self, code, message, extra=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.extra = extra


class Pool:
    """Raw transactions waiting for the next block, by (sender, nonce)."""

    def __init__(self):
        self.waiting = {}
        self.minimum_priority_fee = 0

    @staticmethod
    def decode(raw_hex):
        raw = bytes.fromhex(raw_hex.removeprefix("0x"))
        if not raw or raw[0] != 2:
            raise RPCError(-32000, "the pool takes EIP-1559 (type 2) transactions only")
        fields = rlp.decode(raw[1:])
        return {"raw": raw_hex, "hash": "0x" + keccak(raw).hex(), "from": Account.recover_transaction(raw_hex).lower(),
                "nonce": int.from_bytes(fields[1], "big"), "tip": int.from_bytes(fields[2], "big"), "max_fee": int.from_bytes(fields[3], "big"),
                "to": "0x" + fields[5].hex() if fields[5] else None}

    def add(self, tester, raw_hex):
        tx = self.decode(raw_hex)
        key = (tx["from"], tx["nonce"])
        if tx["nonce"] < tester.get_nonce(tx["from"], "latest"):
            raise RPCError(-32000, "nonce too low")
        old = self.waiting.get(key)
        if old is not None:
            if old["hash"] == tx["hash"]:
                raise RPCError(-32000, "already known")
            if tx["tip"] * 10 < old["tip"] * 11 or tx["max_fee"] * 10 < old["max_fee"] * 11:
                raise RPCError(-32000, "replacement transaction underpriced")
        self.waiting[key] = tx
        return tx["hash"]

    def pending_nonce(self, tester, address):
        nonce = tester.get_nonce(address, "latest")
        while (address.lower(), nonce) in self.waiting:
            nonce += 1
        return nonce

    def find(self, hash_):
        return next((tx for tx in self.waiting.values() if tx["hash"] == hash_.lower()), None)

    def mine(self, tester):
        base_fee = tester.get_block_by_number("latest")["base_fee_per_gas"]
        mined = 0
        for sender in sorted({sender for sender, _ in self.waiting}):
            nonce = tester.get_nonce(sender, "latest")
            while (tx := self.waiting.get((sender, nonce))) is not None and tx["tip"] >= self.minimum_priority_fee and tx["max_fee"] >= base_fee:
                del self.waiting[(sender, nonce)]
                try:
                    tester.send_raw_transaction(tx["raw"])
                    mined += 1
                except (TransactionFailed, ValueError) as failure:
                    print(f"dev-l1: dropped {tx['hash']}: {failure}", file=sys.stderr, flush=True)
                nonce += 1
            for key in [key for key in self.waiting if key[0] == sender and key[1] < tester.get_nonce(sender, "latest")]:
                del self.waiting[key]
        if mined == 0:
            tester.mine_blocks(1)


class DevelopmentL1:
    def __init__(self, block_time=None):
        self.tester = EthereumTester(PyEVMBackend())
        self.lock = threading.Lock()
        self.pool = Pool() if block_time else None

    def block_id(self, value):
        if value in (None, "latest", "pending", "safe", "finalized"):
            return "latest"
        if value == "earliest":
            return "earliest"
        return int(value, 16)

    def block(self, number, full):
        try:
            block = self.tester.get_block_by_number(self.block_id(number), full_transactions=full)
        except BlockNotFound:
            return None
        return {
            "number": quantity(block["number"]), "hash": block["hash"], "parentHash": block["parent_hash"],
            "timestamp": quantity(block["timestamp"]), "gasLimit": quantity(block["gas_limit"]), "gasUsed": quantity(block["gas_used"]),
            "baseFeePerGas": quantity(block["base_fee_per_gas"]), "miner": block["coinbase"], "stateRoot": block["state_root"],
            "transactions": [self.transaction_json(t) for t in block["transactions"]] if full else list(block["transactions"]),
        }

    def transaction_json(self, t):
        return {
            "hash": t["hash"], "type": t["type"], "nonce": quantity(t["nonce"]), "blockHash": t["block_hash"],
            "blockNumber": None if t["block_number"] is None else quantity(t["block_number"]),
            "transactionIndex": None if t["transaction_index"] is None else quantity(t["transaction_index"]),
            "from": t["from"], "to": t["to"] or None, "value": quantity(t["value"]), "gas": quantity(t["gas"]), "input": data(t["data"]),
            "maxFeePerGas": quantity(t.get("max_fee_per_gas", t.get("gas_price", 0))),
            "maxPriorityFeePerGas": quantity(t.get("max_priority_fee_per_gas", 0)), "gasPrice": quantity(t.get("gas_price", 0)),
            "chainId": quantity(t.get("chain_id", self.chain_id())),
        }

    def log_json(self, log):
        return {
            "address": log["address"], "topics": [data(topic) for topic in log["topics"]], "data": data(log["data"]),
            "blockNumber": quantity(log["block_number"]), "blockHash": log["block_hash"], "transactionHash": log["transaction_hash"],
            "transactionIndex": quantity(log["transaction_index"]), "logIndex": quantity(log["log_index"]), "removed": False,
        }

    def receipt_json(self, r):
        return {
            "transactionHash": r["transaction_hash"], "transactionIndex": quantity(r["transaction_index"]), "blockHash": r["block_hash"],
            "blockNumber": quantity(r["block_number"]), "from": r["from"], "to": r["to"] or None, "contractAddress": r["contract_address"],
            "gasUsed": quantity(r["gas_used"]), "cumulativeGasUsed": quantity(r["cumulative_gas_used"]),
            "effectiveGasPrice": quantity(r["effective_gas_price"]), "status": quantity(r["status"]), "type": r["type"],
            "logs": [self.log_json(log) for log in r["logs"]],
        }

    def chain_id(self):
        return self.tester.backend.chain.chain_id

    def call_params(self, call):
        params = {"from": call.get("from") or self.tester.get_accounts()[0], "data": call.get("data") or call.get("input") or "0x"}
        if call.get("to"):
            params["to"] = call["to"]
        for key in ("value", "gas"):
            if call.get(key) is not None:
                params[key] = int(call[key], 16)
        params.setdefault("gas", 30_000_000 - 1)
        return params

    def estimate_gas(self, call):
        """The gas the call uses, run once in a snapshot that is then
        reverted (eth-tester's own estimate searches by running the call
        some twenty times, and a block proof's pairing takes a second in
        py-evm); its own estimate for senders that are not its accounts."""
        t = self.tester
        try:
            t.call(call)
        except TransactionFailed as failure:
            raise RPCError(3, f"execution reverted: {reason(failure)}") from None
        if call["from"].lower() not in {account.lower() for account in t.get_accounts()}:
            return t.estimate_gas(call)
        snapshot = t.take_snapshot()
        try:
            receipt = t.get_transaction_receipt(t.send_transaction(call))
            return receipt["gas_used"]
        finally:
            t.revert_to_snapshot(snapshot)

    def handle(self, method, params):
        t = self.tester
        if method == "web3_clientVersion":
            return "rollup-dev-l1/eth-tester"
        if method == "net_version":
            return str(self.chain_id())
        if method == "eth_chainId":
            return quantity(self.chain_id())
        if method == "eth_blockNumber":
            return quantity(t.get_block_by_number("latest")["number"])
        if method == "eth_getBlockByNumber":
            return self.block(params[0], bool(params[1]) if len(params) > 1 else False)
        if method == "eth_getBalance":
            return quantity(t.get_balance(params[0], self.block_id(params[1] if len(params) > 1 else None)))
        if method == "eth_getTransactionCount":
            if self.pool is not None and len(params) > 1 and params[1] == "pending":
                return quantity(self.pool.pending_nonce(t, params[0]))
            return quantity(t.get_nonce(params[0], self.block_id(params[1] if len(params) > 1 else None)))
        if method == "eth_getCode":
            return t.get_code(params[0], self.block_id(params[1] if len(params) > 1 else None))
        if method == "eth_call":
            try:
                return t.call(self.call_params(params[0]), self.block_id(params[1] if len(params) > 1 else None))
            except TransactionFailed as failure:
                raise RPCError(3, f"execution reverted: {reason(failure)}") from None
        if method == "eth_estimateGas":
            return quantity(self.estimate_gas(self.call_params(params[0])))
        if method == "eth_gasPrice":
            return quantity(t.get_block_by_number("latest")["base_fee_per_gas"] + 10**9)
        if method == "eth_maxPriorityFeePerGas":
            return quantity(10**9)
        if method == "eth_sendRawTransaction" and self.pool is not None:
            return self.pool.add(t, params[0])
        if method == "dev_setMinimumPriorityFee" and self.pool is not None:
            self.pool.minimum_priority_fee = int(params[0], 16)
            return True
        if method == "eth_sendRawTransaction":
            try:
                return t.send_raw_transaction(params[0])
            except (TransactionFailed, ValueError) as failure:
                raise RPCError(-32000, str(failure)) from None
        if method == "eth_getTransactionByHash":
            if self.pool is not None and (pooled := self.pool.find(params[0])) is not None:
                return {"hash": pooled["hash"], "from": pooled["from"], "to": pooled["to"], "nonce": quantity(pooled["nonce"]),
                        "blockNumber": None, "blockHash": None, "transactionIndex": None}
            try:
                return self.transaction_json(t.get_transaction_by_hash(params[0]))
            except TransactionNotFound:
                return None
        if method == "eth_getTransactionReceipt":
            try:
                receipt = t.get_transaction_receipt(params[0])
            except TransactionNotFound:
                return None
            return None if receipt is None or receipt.get("block_number") is None else self.receipt_json(receipt)
        if method == "eth_getLogs":
            query = params[0]
            latest = t.get_block_by_number("latest")["number"]
            first = self.block_id(query.get("fromBlock"))
            last = self.block_id(query.get("toBlock"))
            first = latest if first == "latest" else (0 if first == "earliest" else first)
            last = latest if last == "latest" else (0 if last == "earliest" else last)
            if last - first > 10_000:
                raise RPCError(-32005, "query returned more than 10000 blocks")
            topics = query.get("topics")
            filter_id = t.create_log_filter(from_block=first, to_block=min(last, latest), address=query.get("address"), topics=topics)
            try:
                return [self.log_json(log) for log in t.get_all_filter_logs(filter_id)]
            finally:
                t.delete_filter(filter_id)
        if method == "evm_snapshot":
            return quantity(t.take_snapshot())
        if method == "evm_revert":
            try:
                t.revert_to_snapshot(int(params[0], 16))
            except SnapshotNotFound:
                return False
            return True
        if method == "evm_mine":
            t.mine_blocks(int(params[0], 16) if params else 1)
            return "0x0"
        raise RPCError(-32601, f"the method {method} does not exist")


def reason(failure):
    text = str(failure.args[0]) if failure.args else str(failure)
    return text.removeprefix("execution reverted: ")


def serve(port, block_time):
    node = DevelopmentL1(block_time)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *arguments):
            pass

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                self.answer(413, {"jsonrpc": "2.0", "id": None, "error": {"code": -32600, "message": "request body above 1 MiB"}})
                return
            try:
                request = json.loads(self.rfile.read(length))
            except ValueError:
                self.answer(200, {"jsonrpc": "2.0", "id": None, "error": {"code": -32700, "message": "parse error"}})
                return
            batch = isinstance(request, list)
            answers = [self.one(r) for r in (request if batch else [request])]
            self.answer(200, answers if batch else answers[0])

        def one(self, request):
            ident = request.get("id") if isinstance(request, dict) else None
            if not isinstance(request, dict) or not isinstance(request.get("method"), str):
                return {"jsonrpc": "2.0", "id": ident, "error": {"code": -32600, "message": "invalid request"}}
            try:
                with node.lock:
                    result = node.handle(request["method"], request.get("params") or [])
                return {"jsonrpc": "2.0", "id": ident, "result": result}
            except RPCError as failure:
                return {"jsonrpc": "2.0", "id": ident, "error": {"code": failure.code, "message": failure.message}}
            except (KeyError, IndexError, TypeError, ValueError) as failure:
                return {"jsonrpc": "2.0", "id": ident, "error": {"code": -32602, "message": f"invalid params: {failure}"}}

        def answer(self, status, body):
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    # A parent may have started it with signals blocked (they are inherited): take SIGTERM and SIGINT back.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    if block_time:
        def produce():
            while True:
                time.sleep(block_time)
                with node.lock:
                    node.pool.mine(node.tester)
        threading.Thread(target=produce, daemon=True).start()
    print(json.dumps({"url": f"http://127.0.0.1:{server.server_address[1]}", "chainId": node.chain_id(), "keys": KEYS}), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    server.server_close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="the port on 127.0.0.1 (default: any free one)")
    parser.add_argument("--block-time", type=float, default=None, help="seconds between blocks; transactions wait in a pool until then")
    arguments = parser.parse_args()
    serve(arguments.port, arguments.block_time)
