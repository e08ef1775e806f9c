"""Rendered shared pages, kept per process and checked against the database.

Rendering fifty comments (loading rows into objects, running the template)
costs several milliseconds; checking whether anything changed costs one
index lookup. So each process keeps the bytes of recently rendered shared
pages (no cookies: the same for every visitor) together with the ETag they
were rendered for, and serves them again only after
:func:`scratchpad.comments.pagination.table_state` confirms that the ETag is still
current. Nothing is trusted without asking the database, so any number of
processes stay correct without talking to each other; a process's copy is
replaced the first time it is seen to be stale.

Statements per shared page: 1 when the page is not cached (the page query),
1 when it is cached and current (the state check), 2 only for the first
request after a change (the state check, then the page).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class CachedPage:
    etag: str
    body: bytes


class PageCache:
    """A small thread-safe LRU of rendered pages keyed by their URL."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._pages: OrderedDict[Any, CachedPage] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Any) -> CachedPage | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: Any, etag: str, body: bytes) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._pages[key] = CachedPage(etag, body)
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)

    def __len__(self) -> int:
        return len(self._pages)


def get_page_cache(registry: Any) -> PageCache:
    cache: PageCache = registry.scratchpad_page_cache
    return cache
