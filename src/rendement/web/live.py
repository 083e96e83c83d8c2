"""Live fan-out of workshop events to the open pages of this worker.

Every event is first written to the database (:class:`rendement.registry.workshops.Workshops`).
On SQLite (one worker) the store hands each committed event straight to the :class:`Hub`. On
PostgreSQL the store announces it with ``NOTIFY`` in its transaction, and every worker's
:class:`Listener` — one ``LISTEN`` connection per worker — hands it to that worker's hub; so an
edit through one worker reaches a page connected to another without any broker but the
database. A page's stream asks the database for the events it missed (``Last-Event-ID``), so a
page that lost its connection catches up.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import make_url

if TYPE_CHECKING:
    from rendement.registry.workshops import Event
    from rendement.usecases.store import Workshops

log = logging.getLogger("rendement.live")

KEEP_ALIVE_SECONDS = 15.0
QUEUE_LIMIT = 1000  # a page that stops reading loses its stream, not the server's memory


class Hub:
    """Per workshop, the queues of the streams open in this worker."""

    def __init__(self) -> None:
        self._streams: dict[int, set[asyncio.Queue[dict[str, Any]]]] = {}
        self._loop: asyncio.AbstractEventLoop | None = None

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop

    def subscribe(self, workshop_id: int) -> asyncio.Queue[dict[str, Any]]:
        if self._loop is None:
            self._loop = asyncio.get_running_loop()
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(QUEUE_LIMIT)
        self._streams.setdefault(workshop_id, set()).add(queue)
        return queue

    def unsubscribe(self, workshop_id: int, queue: asyncio.Queue[dict[str, Any]]) -> None:
        streams = self._streams.get(workshop_id)
        if streams is not None:
            streams.discard(queue)
            if not streams:
                del self._streams[workshop_id]

    def open_streams(self, workshop_id: int) -> int:
        return len(self._streams.get(workshop_id, ()))

    def _fan_out(self, message: dict[str, Any]) -> None:
        for queue in list(self._streams.get(int(message["w"]), ())):
            try:
                queue.put_nowait(message)
            except asyncio.QueueFull:  # a page that stopped reading; it catches up on return
                log.warning("a workshop page stopped reading; an event was not queued for it")

    def deliver(self, message: dict[str, Any]) -> None:
        """Hand an event to the streams of its workshop; callable from any thread."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            self._fan_out(message)
        else:
            loop.call_soon_threadsafe(self._fan_out, message)

    def deliver_event(self, event: Event) -> None:
        self.deliver(
            {"w": event.workshop_id, "id": event.id, "kind": event.kind, "data": event.data}
        )


def libpq_url(sqlalchemy_url: str) -> str:
    """``postgresql+psycopg://…`` as the plain libpq URL psycopg connects with."""
    url = make_url(sqlalchemy_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


class Listener:
    """One ``LISTEN`` connection of this worker, feeding its hub; reconnects when it drops."""

    def __init__(self, url: str, workshops: Workshops, hub: Hub) -> None:
        self.url = libpq_url(url)
        self.workshops = workshops
        self.hub = hub
        self.ready = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run())
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.ready.wait(), 10)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task

    async def _run(self) -> None:
        import psycopg

        delay = 0.2
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(self.url, autocommit=True) as conn:
                    await conn.execute(f'LISTEN "{self.workshops.channel}"')
                    self.ready.set()
                    delay = 0.2
                    async for notice in conn.notifies():
                        await self._handle(notice.payload)
            except asyncio.CancelledError:
                raise
            except Exception as error:  # the database went away: try again, a little later
                log.warning("workshop listener lost its connection (%s); reconnecting", error)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)

    async def _handle(self, payload: str) -> None:
        try:
            message = json.loads(payload)
        except ValueError:
            return
        if message.get("data") is None:  # too large to travel with the notice: read it
            found = await asyncio.to_thread(
                self.workshops.events_after, int(message["w"]), int(message["id"]) - 1, 1
            )
            if not found:
                return
            event = found[0]
            message = {
                "w": event.workshop_id,
                "id": event.id,
                "kind": event.kind,
                "data": event.data,
            }
        self.hub.deliver(message)


def sse(event_id: int, kind: str, data: dict[str, Any]) -> str:
    """One server-sent event; the kind travels in the data, so a page needs one handler."""
    return f"id: {event_id}\ndata: {json.dumps({'kind': kind, **data})}\n\n"


async def stream(
    hub: Hub,
    workshops: Workshops,
    workshop_id: int,
    after: int,
    disconnected: Any,
    participant_id: int | None = None,
) -> AsyncIterator[str]:
    """The events of one workshop for one page: those after ``after`` from the database, then
    live ones as they come; ends when the workshop closes or this participant is removed."""
    queue = hub.subscribe(workshop_id)  # before reading the backlog: nothing falls between
    try:
        yield "retry: 1000\n\n"
        last = after
        backlog = await asyncio.to_thread(workshops.events_after, workshop_id, after)
        for event in backlog:
            yield sse(event.id, event.kind, event.data)
            last = max(last, event.id)
            if _ends(event.kind, event.data, participant_id):
                return
        if not backlog:
            yield sse(last, "hello", {"last": last})
        while True:
            try:
                message = await asyncio.wait_for(queue.get(), KEEP_ALIVE_SECONDS)
            except TimeoutError:
                if await disconnected():
                    return
                yield ": keep-alive\n\n"
                continue
            if message["id"] <= last:
                continue
            last = message["id"]
            yield sse(message["id"], message["kind"], message["data"])
            if _ends(message["kind"], message["data"], participant_id):
                return
    finally:
        hub.unsubscribe(workshop_id, queue)


def _ends(kind: str, data: dict[str, Any], participant_id: int | None) -> bool:
    if kind == "closed":
        return participant_id is not None
    return kind == "removed" and participant_id is not None and data.get("id") == participant_id
