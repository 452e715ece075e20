#!/usr/bin/env python3
"""The loopback client of build/perf-check.sh: POST /voucher, one request at
a time, on kept-alive connections.

usage: perf_client.py PORT CONNECTIONS REQUESTS_PER_CONNECTION EXPECTED_AMOUNT

Waits up to 120 s for 127.0.0.1:PORT to accept a connection (the server
starts under callgrind, slowly), then opens CONNECTIONS connections one after
another and sends REQUESTS_PER_CONNECTION requests on each, each sent whole
once the previous answer has been read, so the server's work per request does
not depend on timing. The body is the README's curl example, byte for byte.
Every answer must be `200` with {"voucher_amount": EXPECTED_AMOUNT}; the
first that is not stops the client with exit status 1.
"""
import socket
import sys
import time

BODY = b"""{
        "customer_id": 123,
        "country_code": "Peru",
        "last_order_ts": "2018-05-03 00:00:00",
        "first_order_ts": "2017-05-03 00:00:00",
        "total_orders": 3,
        "segment_name": "frequent_segment"
        }"""


def wait_for(port):
    deadline = time.monotonic() + 120
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=5).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                sys.exit(f"perf_client: nothing listens on 127.0.0.1:{port} after 120 s")
            time.sleep(0.2)


def read_answer(sock, pending):
    """One whole response from `pending` + the socket: (status line, body, rest)."""
    while b"\r\n\r\n" not in pending:
        chunk = sock.recv(65536)
        if not chunk:
            sys.exit("perf_client: the server closed the connection")
        pending += chunk
    head, _, rest = pending.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    while len(rest) < length:
        chunk = sock.recv(65536)
        if not chunk:
            sys.exit("perf_client: the server closed the connection mid-body")
        rest += chunk
    return lines[0], rest[:length], rest[length:]


def main():
    port, connections, per_connection, amount = (int(a) for a in sys.argv[1:5])
    request = (b"POST /voucher HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
               + b"Content-Length: %d\r\n\r\n" % len(BODY) + BODY)
    expected = b'{"voucher_amount": %d}' % amount
    wait_for(port)
    for _ in range(connections):
        with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            pending = b""
            for _ in range(per_connection):
                sock.sendall(request)
                status, body, pending = read_answer(sock, pending)
                if not status.startswith(b"HTTP/1.1 200") or body != expected:
                    sys.exit(f"perf_client: unexpected answer {status!r} {body!r}")


if __name__ == "__main__":
    main()
