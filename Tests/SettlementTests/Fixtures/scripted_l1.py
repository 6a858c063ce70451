#!/usr/bin/env python3
"""A hostile L1 endpoint for tests: answers each JSON-RPC method with the
result given for it in a JSON object on the command line (an error for any
other method), on 127.0.0.1.

    python3 scripted_l1.py PORT '{"eth_chainId": "0x1", ...}'
"""
import json
import signal
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

from fixture_http import answer

PORT, ANSWERS = int(sys.argv[1]), json.loads(sys.argv[2])


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *arguments):
        pass

    def do_POST(self):
        request = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
        method = request.get("method")
        if method in ANSWERS:
            body = {"jsonrpc": "2.0", "id": request.get("id"), "result": ANSWERS[method]}
        else:
            body = {"jsonrpc": "2.0", "id": request.get("id"), "error": {"code": -32601, "message": f"no {method} here"}}
        answer(self, 200, json.dumps(body).encode())


signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
server = HTTPServer(("127.0.0.1", PORT), Handler)
print("listening", flush=True)
server.serve_forever()
