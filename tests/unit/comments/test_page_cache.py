"""The per-process page cache is bounded in bytes and forgets the least
recently used pages first."""

from __future__ import annotations

from scratchpad.comments.page_cache import CachedPage, PageCache, weight


def cost(key: str, body: bytes, etag: str = "1") -> int:
    return weight(key, CachedPage(etag, body))


def test_cache_keeps_at_most_its_bytes_dropping_the_least_recently_used():
    cache = PageCache(2 * cost("a", b"A" * 100))
    cache.put("a", "1", b"A" * 100)
    cache.put("b", "1", b"B" * 100)
    assert cache.get("a").body == b"A" * 100  # "a" is now the most recent
    cache.put("c", "1", b"C" * 100)
    assert cache.get("b") is None
    assert cache.get("a") is not None and cache.get("c") is not None
    assert len(cache) == 2
    assert cache.stored_bytes <= cache.max_bytes


def test_one_large_page_pushes_out_several_small_ones():
    cache = PageCache(1000)
    for key in "abcdefgh":
        cache.put(key, "1", b"x" * 90)
    cache.put("big", "1", b"y" * 600)
    assert cache.get("big") is not None
    assert cache.stored_bytes <= 1000
    assert len(cache) < 9


def test_a_page_larger_than_the_budget_is_not_kept_nor_its_old_copy():
    cache = PageCache(1000)
    cache.put("a", "1", b"small")
    cache.put("a", "2", b"z" * 2000)
    assert cache.get("a") is None
    assert cache.stored_bytes == 0


def test_a_newer_rendering_replaces_the_old_one():
    cache = PageCache(1000)
    cache.put("a", "1", b"old")
    cache.put("a", "2", b"new")
    assert (cache.get("a").etag, cache.get("a").body) == ("2", b"new")
    assert len(cache) == 1
    assert cache.stored_bytes == cost("a", b"new", "2")


def test_zero_bytes_keeps_nothing():
    cache = PageCache(0)
    cache.put("a", "1", b"A")
    assert cache.get("a") is None


def test_facts_kept_with_a_list_count_against_the_budget():
    facts = tuple(range(10))  # a shared list's facts, one per comment
    body = b"L" * 100
    assert weight("list", CachedPage("1", body, facts)) > cost("list", body)
    cache = PageCache(cost("list", body) + 5)
    cache.put("list", "1", body, facts)  # too heavy with its facts
    assert cache.get("list") is None and cache.stored_bytes == 0
    cache.put("list", "1", body)
    assert cache.get("list").extra == ()
