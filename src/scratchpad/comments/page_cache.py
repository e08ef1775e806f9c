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

The cache is bounded in bytes (``scratchpad.page_cache_bytes``), not in
pages: a page of long comments weighs a hundred times a short one, and any
visitor can ask for as many different URLs as they like. The least recently
used pages go first; a page larger than the whole budget is not kept.
Only pages rendered for nobody are put here (see
:func:`scratchpad.web.caching.rendered_for_nobody`).

The same budget holds the lists of comments that every viewer shares
(:mod:`scratchpad.comments.shared_list`, keys starting ``list|``) with the
small facts their controls are decided from, and the Atom feed
(``feed|``): one setting bounds everything a process keeps.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

# What a kept fact (one comment of a kept list, see extra) is counted as.
FACT_BYTES = 64


@dataclass(frozen=True)
class CachedPage:
    etag: str
    body: bytes
    extra: tuple[Any, ...] = ()  # small facts that go with the body


class PageCache:
    """A thread-safe LRU of rendered pages keyed by their URL, holding at
    most ``max_bytes`` of keys and bodies together."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.stored_bytes = 0
        self._pages: OrderedDict[str, CachedPage] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> CachedPage | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(
        self, key: str, etag: str, body: bytes, extra: tuple[Any, ...] = ()
    ) -> None:
        page = CachedPage(etag, body, extra)
        if weight(key, page) > self.max_bytes:
            self.discard(key)  # an older copy would be stale anyway
            return
        with self._lock:
            self._drop(key)
            self._pages[key] = page
            self.stored_bytes += weight(key, page)
            while self.stored_bytes > self.max_bytes:
                self._drop(next(iter(self._pages)))

    def discard(self, key: str) -> None:
        with self._lock:
            self._drop(key)

    def _drop(self, key: str) -> None:
        page = self._pages.pop(key, None)
        if page is not None:
            self.stored_bytes -= weight(key, page)

    def kept_keys(self) -> list[str]:
        """The keys kept now, least recently used first."""
        with self._lock:
            return list(self._pages)

    def __len__(self) -> int:
        return len(self._pages)


def weight(key: str, page: CachedPage) -> int:
    """What a stored page costs, roughly: its body, key, ETag and facts."""
    return len(page.body) + len(key) + len(page.etag) + FACT_BYTES * len(page.extra)


def get_page_cache(registry: Any) -> PageCache:
    cache: PageCache = registry.scratchpad_page_cache
    return cache
