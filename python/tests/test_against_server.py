"""The package answers the generated set exactly as the server does."""
from __future__ import annotations

import json
import threading
from typing import List, Tuple

import voucher_table


def test_the_set_covers_every_status_of_the_rules(server_answers_: List[Tuple[int, bytes]]) -> None:
    assert {status for status, _ in server_answers_} == {200, 400, 404, 422}
    assert len(server_answers_) > 1000


def test_answer_bytes_equal_the_servers(table: voucher_table.Table, bodies: List[bytes],
                                        server_answers_: List[Tuple[int, bytes]]) -> None:
    differences = [(body, expected, table.answer_bytes(body)) for body, expected in zip(bodies, server_answers_)
                   if table.answer_bytes(body) != expected]
    assert differences == []


def test_answer_decodes_the_same_bodies(table: voucher_table.Table, bodies: List[bytes],
                                        server_answers_: List[Tuple[int, bytes]]) -> None:
    for body, (status, expected) in zip(bodies, server_answers_):
        assert table.answer(body) == (status, json.loads(expected))


def test_str_and_dict_bodies_answer_as_their_bytes(table: voucher_table.Table, bodies: List[bytes],
                                                   server_answers_: List[Tuple[int, bytes]]) -> None:
    checked = 0
    for body, (status, expected) in zip(bodies, server_answers_):
        try:
            text = body.decode("utf-8")
            parsed = json.loads(text)
        except (UnicodeDecodeError, ValueError):
            continue
        assert table.answer(text) == (status, json.loads(expected))
        # A dict is sent as json.dumps of it: the same values, so the same answer.
        if isinstance(parsed, dict) and status in (200, 404):
            assert table.answer(parsed) == (status, json.loads(expected))
            checked += 1
    assert checked > 500


def test_threads_share_one_table(table: voucher_table.Table, bodies: List[bytes],
                                 server_answers_: List[Tuple[int, bytes]]) -> None:
    failures: List[bytes] = []

    def answer_all() -> None:
        for body, expected in zip(bodies, server_answers_):
            if table.answer_bytes(body) != expected:
                failures.append(body)

    threads = [threading.Thread(target=answer_all) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
