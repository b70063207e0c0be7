#!/usr/bin/env python3
"""Loopback TCP proxy in front of PostgreSQL, for the signal tests (stdlib only).

Usage:
    python3 pg_proxy.py --port-file FILE --events FILE --silent
    python3 pg_proxy.py --port-file FILE --events FILE --upstream HOST:PORT \
        (--hold-after TEXT | --hold-before TEXT) [--hold-max SECONDS]
    python3 pg_proxy.py --port-file FILE --events FILE --upstream HOST:PORT \
        --stall-copy-after BYTES

Binds to 127.0.0.1 on a free port, written to --port-file (temp file + rename).
Clients must not use SSL (sslmode=disable), or TEXT cannot be seen.

--silent       accepts connections and never answers: a server that hangs.
--hold-after   forwards every connection to the upstream server, but the
               first time a client sends a message containing TEXT, holds
               back what the server answers to it until a cancel request has
               been delivered (libpq sends one on a connection of its own) or
               --hold-max seconds (default 30) pass. So the statement has run
               and its backend is idle while the client still waits for the
               answer: a signal can be delivered exactly between that
               statement and the next one.
--hold-before  the same, but holds back the client's message containing TEXT
               itself, and forwards it only after the cancel request has
               reached the server: that first cancel finds the backend idle,
               and only a cancel sent again stops the statement.

--stall-copy-after
               forwards every connection, but the first time a client starts
               a COPY ... FROM STDIN, stops reading what it sends once BYTES
               more have been forwarded, and keeps the connection open: a
               network gone silent in the middle of a COPY. What the server
               sends still reaches the client.

Events are appended to --events, one a line: "accepted", "held", "cancel",
"released", "stalled".
"""

import argparse
import os
import socket
import struct
import threading
import time

CANCEL_REQUEST_CODE = 80877102


class Proxy:
    def __init__(self, args):
        self.args = args
        self.hold_seen = False
        self.stall_seen = False
        self.lock = threading.Lock()
        self.released = threading.Event()

    def event(self, text):
        with self.lock, open(self.args.events, "a") as out:
            out.write(text + "\n")

    def upstream(self):
        host, port = self.args.upstream.rsplit(":", 1)
        return socket.create_connection((host, int(port)))

    def serve(self, client):
        self.event("accepted")
        if self.args.silent:
            threading.Event().wait()  # holds the connection open, says nothing
            return
        first = recv_exactly(client, 8)
        if first is None:
            client.close()
            return
        length, code = struct.unpack("!ii", first)
        server = self.upstream()
        if length == 16 and code == CANCEL_REQUEST_CODE:
            self.cancel(first + (recv_exactly(client, 8) or b""), server)
            client.close()
            return
        server.sendall(first)
        held = threading.Event()  # the answers to the statement seen are held back
        threading.Thread(target=self.to_server, args=(client, server, held),
                         daemon=True).start()
        self.to_client(server, client, held)

    # Delivers a cancel request and waits until the server has acted on it
    # (it closes the connection then); only then is a hold released.
    def cancel(self, request, server):
        server.sendall(request)
        while server.recv(1024):
            pass
        server.close()
        self.event("cancel")
        self.released.set()

    def matches(self, pattern, tail, data):
        with self.lock:
            if pattern is None or self.hold_seen or pattern not in tail + data:
                return False
            self.hold_seen = True
            return True

    def stalls_copy(self, tail, data):
        if self.args.stall_copy_after is None:
            return False
        with self.lock:
            if self.stall_seen or b"FROM STDIN" not in tail + data:
                return False
            self.stall_seen = True
            return True

    def to_server(self, client, server, held):
        after = self.args.hold_after.encode() if self.args.hold_after else None
        before = self.args.hold_before.encode() if self.args.hold_before else None
        tail = b""
        copied = None  # bytes forwarded since the COPY began, on the stalled connection
        while True:
            data = client.recv(65536)
            if not data:
                shut(server)
                return
            if copied is None and self.stalls_copy(tail, data):
                copied = 0
            elif copied is not None:
                copied += len(data)
                if copied >= self.args.stall_copy_after:
                    self.event("stalled")
                    threading.Event().wait()  # reads no more, closes nothing
            if self.matches(after, tail, data):
                held.set()  # before the server can answer
                self.event("held")
            if self.matches(before, tail, data):
                self.event("held")
                self.released.wait(self.args.hold_max)
                time.sleep(0.3)  # lets the backend see (and drop) the cancel first
                self.event("released")
            tail = (tail + data)[-64:]
            server.sendall(data)

    def to_client(self, server, client, held):
        while True:
            data = server.recv(65536)
            if not data:
                shut(client)
                return
            if held.is_set():
                self.released.wait(self.args.hold_max)
                held.clear()
                self.event("released")
            client.sendall(data)


def recv_exactly(sock, count):
    data = b""
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def shut(sock):
    try:
        sock.shutdown(socket.SHUT_WR)
    except OSError:
        pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--events", required=True)
    parser.add_argument("--silent", action="store_true")
    parser.add_argument("--upstream")
    parser.add_argument("--hold-after")
    parser.add_argument("--hold-before")
    parser.add_argument("--hold-max", type=float, default=30.0)
    parser.add_argument("--stall-copy-after", type=int)
    args = parser.parse_args()
    if not args.silent and not args.upstream:
        parser.error("--upstream is needed unless --silent")

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    temp = args.port_file + ".tmp"
    with open(temp, "w") as out:
        out.write(str(listener.getsockname()[1]))
    os.replace(temp, args.port_file)

    proxy = Proxy(args)
    while True:
        client, _ = listener.accept()
        threading.Thread(target=proxy.serve, args=(client,), daemon=True).start()


if __name__ == "__main__":
    main()
