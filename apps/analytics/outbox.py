"""Events held for a moment in the process that recorded them, then sent in one go.

A product page served from the cache costs one Redis round trip; recording its view with its own RPUSH was a
second. The outbox collects what request threads record and a background thread sends it every `seconds`
(or as soon as `max_items` are waiting) with one call of `send`, so a request never waits on it. What is
still held when the process stops is sent at exit; a process killed outright loses at most `seconds` of
events, which is acceptable for analytics and nothing else should use this.
"""
from __future__ import annotations

import atexit
import logging
import os
import threading
from collections.abc import Callable

logger = logging.getLogger(__name__)


class Outbox:
    def __init__(self, send: Callable[[list], None], *, seconds: float, max_items: int = 500):
        self.send = send
        self.seconds = seconds
        self.max_items = max_items
        self._items: list = []
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._pid: int | None = None
        atexit.register(self.flush)

    def add(self, items: list) -> None:
        with self._lock:
            if self._pid != os.getpid():  # first use, or a forked child: the parent's thread is not here
                self._items, self._pid = [], os.getpid()
                threading.Thread(target=self._run, name="analytics-outbox", daemon=True).start()
            self._items.extend(items)
            full = len(self._items) >= self.max_items
        if full:
            self._wake.set()

    def flush(self) -> None:
        with self._lock:
            items, self._items = self._items, []
        if items:
            try:
                self.send(items)
            except Exception:  # noqa: BLE001 - the thread must live on; send() has its own fallback
                logger.exception("could not send %d held analytics event(s)", len(items))

    def _run(self) -> None:
        pid = os.getpid()
        while self._pid == pid:
            self._wake.wait(self.seconds)
            self._wake.clear()
            self.flush()
