"""What the settlement tests' HTTP fixtures share: a JSON answer, and
serving on a loopback port of the system's choice."""
import json
import signal
from http.server import ThreadingHTTPServer


def answer(handler, status, payload):
    """Sends `payload` (bytes of JSON) with `status`."""
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(payload)))
    handler.end_headers()
    handler.wfile.write(payload)


def serve(handler_class):
    """Serves on 127.0.0.1, printing {"url"} once it listens, until SIGTERM."""
    # Started by a test process that blocks these signals: take them back (SIGTERM ends it).
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_class)
    print(json.dumps({"url": f"http://127.0.0.1:{server.server_address[1]}"}), flush=True)
    server.serve_forever()
