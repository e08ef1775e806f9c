"""ERR-02: an unexpected error is logged once, with the request id that the
500 page shows the visitor."""

from __future__ import annotations

import logging
import re

from scratchpad.views import comments


def test_500_is_logged_once_with_the_id_the_page_shows(testapp, monkeypatch, caplog):
    def fail(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(comments, "front_page", fail)
    with caplog.at_level(logging.INFO):
        page = testapp.get("/", status=500)
    shown = re.search(r"request id <code>([0-9a-f]{12})</code>", page.text)
    assert shown, page.text
    errors = [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert len(errors) == 1
    assert shown.group(1) in errors[0].getMessage()
    assert errors[0].exc_info[0] is RuntimeError


def test_each_failure_gets_its_own_id(testapp, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(comments, "front_page", fail)
    ids = {
        re.search(r"<code>([0-9a-f]{12})</code>", testapp.get("/", status=500).text)[1]
        for _ in range(3)
    }
    assert len(ids) == 3
