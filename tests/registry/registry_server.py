#!/usr/bin/env python3
"""A stand-in registry on 127.0.0.1 for the tests: serves record files under /pith/<SUFFIX26>.json.

The suffix of each file is computed here from its canonical record (hashlib + base32), not by pith.
Modes (--mode): good (serve as is), forged (canonical record altered, declared hash kept),
truncated (first half of the bytes), swapped (another valid record under the requested name),
hang (accept, never answer), huge (5 MiB of JSON whitespace), error (HTTP 500).
Prints the port on the first line of stdout, then serves until killed.
"""
import argparse
import base64
import hashlib
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def canonical_record(doc):
    if "canonical_record" in doc:
        return doc["canonical_record"]
    if "current" in doc:
        return doc["current"]["record_created"]["payload"]["canonical_record"]
    return doc


def suffix_of(doc):
    canonical = json.dumps(canonical_record(doc), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return base64.b32encode(hashlib.sha256(canonical.encode("utf-8")).digest()).decode()[:26]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", default="good")
    ap.add_argument("records", nargs="+")
    args = ap.parse_args()
    served = {}
    for path in args.records:
        with open(path, "rb") as f:
            data = f.read()
        served[suffix_of(json.loads(data))] = data
    names = sorted(served)
    stop = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def send(self, status, body):
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (size cap): that is the behaviour under test

        def do_GET(self):
            if args.mode == "hang":
                stop.wait(600)
                return
            if args.mode == "error":
                return self.send(500, b"{}")
            prefix, _, name = self.path.rpartition("/")
            suffix = name[:-5] if name.endswith(".json") else None
            if prefix != "/pith" or suffix not in served:
                return self.send(404, b'{"error":"not found"}')
            body = served[suffix]
            if args.mode == "forged":
                doc = json.loads(body)
                canonical_record(doc)["metadata"]["license"] = "http://example.org/forged"
                body = json.dumps(doc).encode()
            elif args.mode == "truncated":
                body = body[: len(body) // 2]
            elif args.mode == "swapped":
                other = names[(names.index(suffix) + 1) % len(names)]
                body = served[other]
            elif args.mode == "huge":
                body = b"{" + b" " * (5 << 20) + b"}"
            self.send(200, body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    try:
        server.serve_forever()
    finally:
        stop.set()


if __name__ == "__main__":
    main()
