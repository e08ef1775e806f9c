"""HDR-06: Cross-Origin-Opener-Policy; no X-XSS-Protection; neither the
``Server`` header of the real server nor any other header names software
versions."""

from __future__ import annotations

import configparser
import re

import pytest

from tests.support import ROOT
from tests.support.client import Browser
from tests.support.live import LiveServer


def test_opener_policy_and_no_legacy_xss_filter(testapp):
    response = testapp.get("/")
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "X-XSS-Protection" not in response.headers
    assert "X-Powered-By" not in response.headers


@pytest.mark.parametrize("ini", ["development.ini", "production.ini"])
def test_ini_files_hide_the_server_version(ini):
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(ROOT / ini)
    assert parser["server:main"]["ident"] == "scratchpad"


def test_real_server_names_no_version(app):
    with LiveServer(app) as server:
        response = Browser(server.url).get("/")
    assert response.status == 200
    assert response.headers["Server"] == "scratchpad"
    for name, value in response.headers.items():
        assert not re.search(r"waitress|python|pyramid|webob", value, re.I), name
