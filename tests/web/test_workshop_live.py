"""Workshop events through real servers (uvicorn on 127.0.0.1): a page's stream hears a
change within 2 s; a page that lost its connection catches up from the last event it saw; and
on PostgreSQL a change made through one server process reaches a page connected to another
(LISTEN/NOTIFY), as with several workers behind a proxy."""

from __future__ import annotations

import json
import queue
import threading
import time
from collections.abc import Callable
from typing import Any

import httpx

from web.live_servers import Servers, join, open_workshop


class Stream:
    """A page's event stream, read in a thread: (arrival time, event id, data) per event."""

    def __init__(self, client: httpx.Client, code: str, last: int | None = None) -> None:
        self.events: queue.Queue[tuple[float, int, dict[str, Any]]] = queue.Queue()
        headers = {"last-event-id": str(last)} if last is not None else {}
        self._response = client.stream("GET", f"/w/{code}/events", headers=headers, timeout=None)
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._open = self._response.__enter__()
        self._thread.start()

    def _read(self) -> None:
        event_id = 0
        try:
            for line in self._open.iter_lines():
                if line.startswith("id: "):
                    event_id = int(line[4:])
                elif line.startswith("data: "):
                    self.events.put((time.monotonic(), event_id, json.loads(line[6:])))
        except httpx.HTTPError:
            pass

    def next(self, timeout: float = 5.0) -> tuple[float, int, dict[str, Any]]:
        return self.events.get(timeout=timeout)

    def until(self, kind: str, timeout: float = 5.0) -> tuple[float, int, dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while True:
            found = self.next(max(0.01, deadline - time.monotonic()))
            if found[2]["kind"] == kind:
                return found

    def close(self) -> None:
        self._response.__exit__(None, None, None)


def test_a_change_reaches_an_open_page_within_two_seconds(
    servers: Callable[[str, int], Servers],
) -> None:
    base = servers("sqlite", 1).bases[0]
    _facilitator, code, _ = open_workshop(base)
    ann, ann_csrf = join(base, code, "Ann", "zorgverzekeraar")
    bob, _ = join(base, code, "Bob", "gemeente")
    stream = Stream(bob, code)
    stream.until("joined")  # the backlog: Ann and Bob joined
    sent = time.monotonic()
    answer = ann.post(
        f"/w/{code}/signoff", json={"agreed": True}, headers={"x-csrf-token": ann_csrf}
    )
    assert answer.status_code == 200
    arrived, _, data = stream.until("signoff")
    assert data == {
        "kind": "signoff",
        "version": 1,
        "stakeholder": "zorgverzekeraar",
        "agreed": True,
    }
    assert arrived - sent < 2.0
    stream.close()


def test_a_page_that_lost_its_connection_catches_up(servers: Callable[[str, int], Servers]) -> None:
    base = servers("sqlite", 1).bases[0]
    facilitator, code, f_csrf = open_workshop(base)
    ann, _ = join(base, code, "Ann", "zorgverzekeraar")
    stream = Stream(ann, code)
    _, seen, _ = stream.until("joined")
    stream.close()  # the laptop sleeps
    headers = {"x-csrf-token": f_csrf}
    facilitator.post(f"/w/{code}/decision", json={"body": "Drie jaar."}, headers=headers)
    facilitator.post(
        f"/w/{code}/table",
        json={"parameter": "outcomes.minder-huisartsbezoek.quantity"},
        headers=headers,
    )
    again = Stream(ann, code, last=seen)  # the browser sends the last id it saw
    kinds = [again.next()[2]["kind"] for _ in range(2)]
    assert kinds == ["decision", "table"]
    again.close()
    # and the state it then reads holds both
    state = ann.get(f"/w/{code}/state").json()
    assert state["decisions"][0]["body"] == "Drie jaar."
    assert state["workshop"]["on_table"] == "outcomes.minder-huisartsbezoek.quantity"


def test_on_postgresql_a_change_through_one_server_reaches_a_page_on_another(
    servers: Callable[[str, int], Servers],
) -> None:
    first, second = servers("postgresql", 2).bases
    facilitator, code, f_csrf = open_workshop(first)
    ann, _ = join(second, code, "Ann", "zorgverzekeraar")
    stream = Stream(ann, code)  # Ann's page is connected to the second server
    stream.until("joined")
    sent = time.monotonic()
    answer = facilitator.post(
        f"/w/{code}/decision", json={"body": "Via de eerste."}, headers={"x-csrf-token": f_csrf}
    )
    assert answer.status_code == 200
    arrived, _, data = stream.until("decision")
    assert data["kind"] == "decision" and arrived - sent < 2.0
    # and a closed workshop ends a participant's stream on the other server too
    facilitator.post(f"/w/{code}/close", json={}, headers={"x-csrf-token": f_csrf})
    assert stream.until("closed")[2] == {"kind": "closed"}
    stream.close()
    assert ann.get(f"/w/{code}/state").status_code == 404
