#!/usr/bin/env python3
"""A man in the middle between a wallet and a node, for the settlement
tests: it forwards every request to the node and answers as the node does,
except that GET /v1/chain states another L1 contract (--rollup) as the
chain's, consistently: as its settlement, as its L1 binding, and in its
chain id, the genesis id bound to that contract (docs/PROTOCOL.md, "The
chain id"), so that only the code at the address can give it away.
Loopback only; it prints {"url"} when it listens.

    python3 impostor_node.py --upstream http://127.0.0.1:PORT --rollup 0xADDRESS
"""
import argparse
import json
import sys
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from fixture_http import answer, serve

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "scripts"))
from chain_id import bound_chain_id, genesis_chain_id  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--upstream", required=True)
    parser.add_argument("--rollup", required=True)
    arguments = parser.parse_args()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_):
            pass

        def forward(self, method):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            request = urllib.request.Request(arguments.upstream + self.path, body, method=method,
                                             headers={"Content-Type": self.headers.get("Content-Type", "application/json")})
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    status, payload = response.status, response.read()
            except urllib.error.HTTPError as failure:
                status, payload = failure.code, failure.read()
            if method == "GET" and self.path.split("?")[0] == "/v1/chain" and status == 200:
                chain = json.loads(payload)
                chain["settlement"]["rollup"] = arguments.rollup
                chain["l1Binding"]["rollup"] = arguments.rollup
                chain["chainId"] = "0x" + bound_chain_id(genesis_chain_id(chain), chain["l1Binding"]["l1ChainId"], arguments.rollup).hex()
                payload = json.dumps(chain).encode()
            answer(self, status, payload)

        def do_GET(self):
            self.forward("GET")

        def do_POST(self):
            self.forward("POST")

    serve(Handler)


if __name__ == "__main__":
    main()
