"""IN-12: the shared page cache is bounded in bytes, not pages.

Anyone can ask for as many different URLs as they like, and a page of long
comments weighs a hundred times a short one. With
``scratchpad.page_cache_bytes`` set, visiting many large pages keeps the
stored bytes under the bound (the newest pages are the ones kept), and the
pages served are still right.
"""

from __future__ import annotations

import pytest
import webtest

from scratchpad import main
from scratchpad.settings import Settings
from tests.support.factories import add_comment

BUDGET = 200_000


@pytest.fixture
def small_cache_app(app_settings, dbsession, tm):
    for _ in range(40):
        add_comment(dbsession, tm, "long words " * 370, None)  # ~4 KB each
    settings = {
        **app_settings,
        "scratchpad.page_cache_bytes": str(BUDGET),
        "scratchpad.page_size": "20",
    }
    app = main({}, **settings)
    yield app
    app.registry["dbengine"].dispose()


def test_many_large_pages_stay_within_the_bound(small_cache_app):
    visitor = webtest.TestApp(small_cache_app)
    cache = small_cache_app.registry.scratchpad_page_cache
    sizes = []
    for before in range(41, 21, -1):  # 20 different URLs of ~80 KB each
        page = visitor.get(f"/?before={before}")
        sizes.append(len(page.body))
        assert cache.stored_bytes <= BUDGET
    assert min(sizes) > 40_000  # the pages really are large
    assert 1 <= len(cache) <= BUDGET // min(sizes)
    assert cache.get("/?before=22") is not None  # the newest is kept
    assert cache.get("/?before=41") is None  # the oldest went first
    again = visitor.get("/?before=22")
    assert again.body == visitor.get("/?before=22").body


def test_the_default_is_a_few_megabytes():
    default = Settings.__dataclass_fields__["page_cache_bytes"].default
    assert 1024 * 1024 <= default <= 64 * 1024 * 1024
