"""The per-process page cache is bounded and forgets the least recently used."""

from __future__ import annotations

from scratchpad.comments.page_cache import PageCache


def test_cache_keeps_at_most_its_size_dropping_the_least_recently_used():
    cache = PageCache(2)
    cache.put("a", "1", b"A")
    cache.put("b", "1", b"B")
    assert cache.get("a").body == b"A"  # "a" is now the most recent
    cache.put("c", "1", b"C")
    assert cache.get("b") is None
    assert cache.get("a").body == b"A" and cache.get("c").body == b"C"
    assert len(cache) == 2


def test_a_newer_rendering_replaces_the_old_one():
    cache = PageCache(2)
    cache.put("a", "1", b"old")
    cache.put("a", "2", b"new")
    assert (cache.get("a").etag, cache.get("a").body) == ("2", b"new")
    assert len(cache) == 1


def test_size_zero_keeps_nothing():
    cache = PageCache(0)
    cache.put("a", "1", b"A")
    assert cache.get("a") is None
