#!/usr/bin/env python3
"""Webhook receiver for bench/run: answers every POST 200 at once, counts them, and on GET /stats answers
{"received": n, "first": t, "last": t} (seconds since the epoch, arrival times). Loopback only."""
import json, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

lock = threading.Lock()
stats = {"received": 0, "first": None, "last": None}

class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        now = time.time()
        with lock:
            stats["received"] += 1
            stats["first"] = stats["first"] or now
            stats["last"] = now
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        with lock:
            body = json.dumps(stats).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass

ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
