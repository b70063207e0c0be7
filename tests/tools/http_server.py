#!/usr/bin/env python3
"""Loopback HTTP server for taxi-etl integration tests and demos (stdlib only).

Usage:
    python3 http_server.py --root DIR [--port 0] [--port-file FILE]

Binds to 127.0.0.1 only. With --port 0 (the default) a free port is picked; the
port number is written to --port-file (atomically: temp file + rename) and
"serving DIR on http://127.0.0.1:PORT" is printed to stderr. SIGTERM/SIGINT
shut the server down cleanly. Each request is logged as "METHOD PATH STATUS".

Routes (GET and HEAD):
  /DataTalksClub/nyc-tlc-data/releases/download/<tag>/<name>
      302 to /storage/<tag>/<name>?token=abc if DIR/<tag>/<name> exists, else
      404 (imitates GitHub releases). Body-shaping faults (see below) are kept
      in the Location, so /fault/slow=1000/DataTalksClub/... also slows the
      download that follows the redirect.
  /storage/<tag>/<name>       200 with DIR/<tag>/<name> (query ignored), or 404.
  /files/<relative path>      200 with DIR/<relative path>, or 404.
  /_hits?path=P               how many requests P got, faulted or not (plain
                              text; query and /fault/... prefix are ignored).
  /_bodies?path=P             how many of them were answered with the file's
                              body (a 200 to a GET), as /_hits counts.
  /_reset                     clears the hit, body and status-once counters.
  anything else               404. Paths with "..", ".", empty segments or
                              backslashes, and symlinks leaving DIR, give 404.
  Files are sent as application/octet-stream with the real Content-Length,
  streamed in 64 KiB chunks (never read whole into memory), with the
  validators GitHub's storage sends: ETag (a quoted hash of the file's size
  and mtime, so a file written again gets a new one) and Last-Modified. A
  request whose If-None-Match names the ETag (or, without If-None-Match,
  whose If-Modified-Since is not before Last-Modified) gets 304 and no
  body.

Fault injection: prefix any route with /fault/<spec>, e.g.
    /fault/status=500/files/green/x.csv.gz
The prefix may be repeated (e.g. /fault/slow=100000/fault/close-after=5000/...).
An unknown or malformed spec answers 400.
  status=CODE         answer CODE with a short text body; 429 and 503 also
                      carry "Retry-After: 1".
  status-once=CODE    the first request for this exact path (prefix stripped,
                      query ignored) gets CODE, later requests are served
                      normally. Cleared by /_reset.
  redirect-loop       302 to the very same URL, forever.
  close-after=BYTES   full Content-Length, only BYTES body bytes, then (after
                      0.2 s) the connection is reset abruptly (TCP RST).
  short-body=BYTES    full Content-Length, only BYTES body bytes, then a clean
                      close (FIN): the body is shorter than announced.
  stall-after=BYTES   send BYTES body bytes, then go silent with the socket open
                      for 120 s (or until the server shuts down), then close.
  slow=BYTES_PER_SEC  throttle the body to about that rate.
  drip=MS             send the body in bursts of drip-bytes (default 1), one
                      every MS milliseconds, for its first drip-until bytes
                      (default: all of it); the rest follows at once.
  drip-bytes=BYTES    the size of each burst of drip.
  drip-until=BYTES    how much of the body drip sends in bursts.
  endless             200 without Content-Length (the body ends when the
                      connection closes) with the file's header line and
                      then its rows over and over, never ending, gzip-
                      compressed as they are sent. The file must be a
                      .csv.gz; with slow, the rate is of compressed bytes.
  empty               200 with Content-Length: 0 and no body.
status, status-once and redirect-loop are answered where they appear (before
the file is looked up); the other faults only shape a 200 file response.
"""

import argparse
import gzip
import hashlib
import http.server
import os
import signal
import socket
import struct
import sys
import threading
import time
import zlib
from email.utils import formatdate, parsedate_to_datetime
from urllib.parse import parse_qs, quote, unquote, urlsplit

RELEASE_PREFIX = "/DataTalksClub/nyc-tlc-data/releases/download/"
CHUNK = 64 * 1024
STALL_SECONDS = 120
RESET_GRACE = 0.2  # seconds between the last byte and the reset of close-after
DRIP_FAULTS = {"drip", "drip-bytes", "drip-until"}
VALUE_FAULTS = {"status", "status-once", "close-after", "short-body", "stall-after",
                "slow"} | DRIP_FAULTS
FLAG_FAULTS = {"redirect-loop", "empty", "endless"}
BODY_FAULTS = {"close-after", "short-body", "stall-after", "slow", "empty",
               "endless"} | DRIP_FAULTS
ENDLESS_TEXT = 256 * 1024  # rows of text compressed and sent at a time


def split_faults(path):
    """'/fault/a=1/fault/b/files/x' -> ({'a': 1, 'b': None}, ['a=1', 'b'], '/files/x')."""
    faults, specs = {}, []
    while path.startswith("/fault/"):
        spec, _, rest = path[len("/fault/"):].partition("/")
        name, has_value, value = spec.partition("=")
        if name in FLAG_FAULTS and not has_value:
            faults[name] = None
        elif name in VALUE_FAULTS and value.isdigit():
            faults[name] = int(value)
        else:
            raise ValueError(f"bad fault spec {spec!r}")
        specs.append(spec)
        path = "/" + rest
    return faults, specs, path


def safe_parts(rel):
    """Split a URL-encoded relative path into segments, or None if it could escape."""
    parts = unquote(rel).split("/")
    if any(p in ("", ".", "..") or "\\" in p or "\0" in p for p in parts):
        return None
    return parts


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "taxi-etl-test-server"

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        path = urlsplit(self.path).path
        if path in ("/_hits", "/_bodies", "/_reset"):
            return self.control(path)
        try:
            faults, specs, path = split_faults(path)
        except ValueError as e:
            return self.text(400, f"{e}\n")
        with self.server.lock:
            hits = self.server.hits
            hits[path] = hits.get(path, 0) + 1
            once = "status-once" in faults and path not in self.server.once_fired
            if once:
                self.server.once_fired.add(path)
        if once:
            return self.text(faults["status-once"])
        if "status" in faults:
            return self.text(faults["status"])
        if "redirect-loop" in faults:
            return self.redirect(self.path)

        if path.startswith(RELEASE_PREFIX):
            parts = safe_parts(path[len(RELEASE_PREFIX):])
            if parts is None or len(parts) != 2 or self.resolve(parts) is None:
                return self.text(404)
            keep = "".join(f"/fault/{s}" for s in specs if s.partition("=")[0] in BODY_FAULTS)
            tag, name = (quote(p) for p in parts)
            return self.redirect(f"{keep}/storage/{tag}/{name}?token=abc")
        if path.startswith("/storage/"):
            parts = safe_parts(path[len("/storage/"):])
            if parts is not None and len(parts) != 2:
                parts = None
        elif path.startswith("/files/"):
            parts = safe_parts(path[len("/files/"):])
        else:
            return self.text(404)
        full = self.resolve(parts) if parts else None
        if full is None:
            return self.text(404)
        self.send_file(full, faults, path)

    # -- helpers -----------------------------------------------------------

    def control(self, path):
        with self.server.lock:
            if path == "/_reset":
                self.server.hits.clear()
                self.server.bodies.clear()
                self.server.once_fired.clear()
                return self.text(200, "ok\n")
            query = parse_qs(urlsplit(self.path).query).get("path", [""])[0]
            try:
                key = split_faults(urlsplit(query).path)[2]
            except ValueError:
                key = query
            counts = self.server.hits if path == "/_hits" else self.server.bodies
            count = counts.get(key, 0)
        self.text(200, f"{count}\n")

    def resolve(self, parts):
        """Absolute path of an existing regular file inside the root, else None."""
        root = self.server.root
        full = os.path.realpath(os.path.join(root, *parts))
        if os.path.commonpath([root, full]) != root or not os.path.isfile(full):
            return None
        return full

    def text(self, code, body=None):
        if body is None:
            body = f"{code} {self.responses.get(code, ('',))[0]}".strip() + "\n"
        data = body.encode()
        self.send_response(code)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        if code in (429, 503):
            self.send_header("Retry-After", "1")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def redirect(self, location):
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def not_modified(self, etag, mtime):
        """Whether the request's conditions name this version of the file."""
        tags = self.headers.get("If-None-Match")
        if tags is not None:
            return tags.strip() == "*" or etag in (t.strip() for t in tags.split(","))
        since = self.headers.get("If-Modified-Since")
        if since is None:
            return False
        try:
            return int(mtime) <= parsedate_to_datetime(since).timestamp()
        except (TypeError, ValueError):
            return False

    def send_file(self, full, faults, key):
        if "endless" in faults:
            return self.send_endless(full, faults.get("slow"))
        with open(full, "rb") as f:
            info = os.fstat(f.fileno())
            size = info.st_size
            etag = '"%s"' % hashlib.md5(f"{size}-{info.st_mtime_ns}".encode()).hexdigest()
            modified = formatdate(info.st_mtime, usegmt=True)
            if self.not_modified(etag, info.st_mtime):
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", modified)
                self.end_headers()
                return
            if "empty" in faults:
                size = 0
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(size))
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", modified)
            self.end_headers()
            if self.command == "HEAD":
                return
            with self.server.lock:
                self.server.bodies[key] = self.server.bodies.get(key, 0) + 1
            cut = [faults[k] for k in ("close-after", "short-body", "stall-after") if k in faults]
            limit = min([size] + cut)
            try:
                sent = self.drip(f, limit, faults) if "drip" in faults else 0
                self.copy(f, limit - sent, faults.get("slow"))
            except ConnectionError:  # the client went away
                self.close_connection = True
                return
        stopping = self.server.stopping
        if "stall-after" in faults:
            stopping.wait(STALL_SECONDS)
        if "close-after" in faults:
            # A reset makes the peer drop data it has not read yet, so give it a
            # moment to take the BYTES; SO_LINGER 0 turns close() into a reset.
            stopping.wait(RESET_GRACE)
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
        if cut or stopping.is_set():
            self.close_connection = True

    def copy(self, f, limit, rate):
        chunk = max(1, min(CHUNK, rate // 10)) if rate else CHUNK
        sent, start = 0, time.monotonic()
        while sent < limit:
            data = f.read(min(chunk, limit - sent))
            if not data:
                break
            self.wfile.write(data)
            sent += len(data)
            if rate:
                delay = start + sent / rate - time.monotonic()
                if delay > 0 and self.server.stopping.wait(delay):
                    break

    def drip(self, f, limit, faults):
        """Sends the first drip-until bytes in bursts; returns how many it sent."""
        every = faults["drip"] / 1000
        size = max(1, faults.get("drip-bytes", 1))
        until = min(limit, faults.get("drip-until", limit))
        sent = 0
        while sent < until:
            data = f.read(min(size, until - sent))
            if not data:
                break
            self.wfile.write(data)
            sent += len(data)
            if self.server.stopping.wait(every):
                break
        return sent

    def send_endless(self, full, rate):
        with gzip.open(full, "rb") as f:
            header = f.readline()
            rows = f.read()
        if not rows.endswith(b"\n"):
            rows += b"\n"
        block = rows * max(1, ENDLESS_TEXT // len(rows))
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        if self.command == "HEAD":
            return
        packer = zlib.compressobj(6, zlib.DEFLATED, 31)  # 31: a gzip stream
        text, sent, start = header + block, 0, time.monotonic()
        try:
            while not self.server.stopping.is_set():
                data = packer.compress(text) + packer.flush(zlib.Z_SYNC_FLUSH)
                self.wfile.write(data)
                sent, text = sent + len(data), block
                if rate:
                    delay = start + sent / rate - time.monotonic()
                    if delay > 0 and self.server.stopping.wait(delay):
                        break
        except ConnectionError:  # the client went away: the only way it ends
            pass

    def log_request(self, code="-", size="-"):
        print(f"{self.command} {self.path} {code}", file=sys.stderr, flush=True)

    def log_message(self, format, *args):
        print(f"http_server: {format % args}", file=sys.stderr, flush=True)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, root, port):
        super().__init__(("127.0.0.1", port), Handler)
        self.root = os.path.realpath(root)
        self.lock = threading.Lock()
        self.hits = {}
        self.bodies = {}
        self.once_fired = set()
        self.stopping = threading.Event()


def write_port_file(path, port):
    tmp = f"{path}.tmp.{os.getpid()}"
    with open(tmp, "w") as f:
        f.write(f"{port}\n")
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", required=True, help="directory to serve")
    ap.add_argument("--port", type=int, default=0, help="0 picks a free port")
    ap.add_argument("--port-file", help="write the bound port number here")
    args = ap.parse_args()
    if not os.path.isdir(args.root):
        ap.error(f"--root {args.root!r} is not a directory")

    # Take SIGINT/SIGTERM synchronously with sigwait(): reset them (a background
    # job may start with SIGINT ignored), then block them before any thread exists
    # so that every thread inherits the mask.
    signals = {signal.SIGINT, signal.SIGTERM}
    for sig in signals:
        signal.signal(sig, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_BLOCK, signals)

    server = Server(args.root, args.port)
    port = server.server_address[1]
    if args.port_file:
        write_port_file(args.port_file, port)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}).start()
    print(f"serving {args.root} on http://127.0.0.1:{port}", file=sys.stderr, flush=True)

    signal.sigwait(signals)
    server.stopping.set()  # wakes stalled and throttled responses
    server.shutdown()
    server.server_close()


if __name__ == "__main__":
    main()
