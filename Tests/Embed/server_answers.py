"""The server's side of the comparison: runs the real `voucher serve` on a
loopback ephemeral port and POSTs request bodies to it.

As a script (Tests/Embed/check-c.sh):
    server_answers.py --voucher BIN --table TABLE BODIES ANSWERS
reads BODIES (records of a 4-byte little-endian length and the bytes) and
writes ANSWERS (per body: 4-byte little-endian status, 4-byte little-endian
length, the response body), the format answer_bodies.c writes. The Python
tests import `running_server` and `post_all`.
"""
from __future__ import annotations

import argparse
import contextlib
import http.client
import re
import struct
import subprocess
import threading
import time
from typing import Iterator, List, Sequence, Tuple


@contextlib.contextmanager
def running_server(voucher: str, table: str) -> Iterator[int]:
    """Starts `voucher serve` on 127.0.0.1, port 0, and yields the port it bound; stops it after."""
    process = subprocess.Popen(
        [voucher, "serve", "--table", table, "--host", "127.0.0.1", "--port", "0", "--reload-poll-ms", "0",
         "--threads", "1"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines: List[str] = []
    found = threading.Event()
    port = [0]

    def read_log() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            lines.append(line)
            match = re.search(r"\bport=(\d+)", line)
            if match and "listening" in line and not found.is_set():
                port[0] = int(match.group(1))
                found.set()

    reader = threading.Thread(target=read_log, daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 30
        while not found.wait(0.05):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"voucher serve did not start: {''.join(lines)}")
        yield port[0]
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def post_all(port: int, bodies: Sequence[bytes]) -> List[Tuple[int, bytes]]:
    """POSTs each body to /voucher over one keep-alive connection; the statuses and bodies."""
    answers: List[Tuple[int, bytes]] = []
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        for body in bodies:
            connection.request("POST", "/voucher", body=body, headers={"Content-Type": "application/json"})
            response = connection.getresponse()
            answers.append((response.status, response.read()))
            if response.will_close:
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    finally:
        connection.close()
    return answers


def read_bodies(path: str) -> List[bytes]:
    """The bodies of a file of length-prefixed records."""
    with open(path, "rb") as file:
        data = file.read()
    bodies, offset = [], 0
    while offset < len(data):
        (length,) = struct.unpack_from("<I", data, offset)
        bodies.append(data[offset + 4:offset + 4 + length])
        offset += 4 + length
    return bodies


def encode_answers(answers: Sequence[Tuple[int, bytes]]) -> bytes:
    """Answers in answer_bodies.c's format."""
    return b"".join(struct.pack("<iI", status, len(body)) + body for status, body in answers)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voucher", required=True, help="the voucher binary")
    parser.add_argument("--table", required=True, help="the table file to serve")
    parser.add_argument("bodies")
    parser.add_argument("answers")
    arguments = parser.parse_args()
    bodies = read_bodies(arguments.bodies)
    with running_server(arguments.voucher, arguments.table) as port:
        answers = post_all(port, bodies)
    with open(arguments.answers, "wb") as file:
        file.write(encode_answers(answers))
    print(f"server_answers: {len(answers)} bodies answered by voucher serve")


if __name__ == "__main__":
    main()
