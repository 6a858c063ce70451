#!/usr/bin/env python3
"""An L1 JSON-RPC endpoint that lies, for the settlement tests: it forwards
every request to a real one (--upstream) and answers as it does, except
that each DepositRequested log it returns states a thousand times the
amount the contract holds, or, with --withhold-serial N, that it leaves
out the log of deposit serial N, or, with --absurd-receipts, that every
transaction receipt used 2^128 - 1 gas. Loopback only; it prints {"url"}
when it listens.

    python3 lying_l1.py --upstream http://127.0.0.1:PORT [--withhold-serial N | --absurd-receipts]
"""
import argparse
import json
import urllib.request
from http.server import BaseHTTPRequestHandler

from fixture_http import answer, serve



def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--upstream", required=True)
    parser.add_argument("--withhold-serial", type=int)
    parser.add_argument("--absurd-receipts", action="store_true")
    arguments = parser.parse_args()

    def lie(logs):
        if arguments.absurd_receipts:
            return logs
        if arguments.withhold_serial is not None:
            return [log for log in logs if len(log.get("topics", [])) < 2 or int(log["topics"][1], 16) != arguments.withhold_serial]
        return [inflated(log) if len(log.get("data", "")) == 2 + 192 else log for log in logs]

    def inflated(log):
        data = log["data"][2:]
        amount = int(data[128:192], 16) * 1000
        return dict(log, data="0x" + data[:128] + "%064x" % amount)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_):
            pass

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            request = json.loads(body)
            upstream = urllib.request.Request(arguments.upstream, body, {"Content-Type": "application/json"})
            with urllib.request.urlopen(upstream, timeout=120) as response:
                reply = json.loads(response.read())
            if isinstance(request, dict) and request.get("method") == "eth_getLogs" and isinstance(reply.get("result"), list):
                reply["result"] = lie(reply["result"])
            if arguments.absurd_receipts and isinstance(request, dict) and request.get("method") == "eth_getTransactionReceipt" \
                    and isinstance(reply.get("result"), dict):
                reply["result"]["gasUsed"] = hex(2**128 - 1)
            payload = json.dumps(reply).encode()
            answer(self, 200, payload)

    serve(Handler)


if __name__ == "__main__":
    main()
