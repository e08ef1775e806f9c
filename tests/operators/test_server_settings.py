"""The listen address, port and process settings: from ``[server:main]``,
overridden by ``SCRATCHPAD_*`` variables, validated in one place."""

from __future__ import annotations

import pytest

from scratchpad.server.settings import load_server_settings
from scratchpad.settings import SettingsError


def test_listen_is_read_as_host_and_port_and_the_rest_is_passed_on():
    rest, server = load_server_settings(
        {"listen": "localhost:6543", "threads": "2", "ident": "scratchpad"}, {}
    )
    assert (server.host, server.port, server.threads) == ("localhost", 6543, 2)
    assert rest == {"ident": "scratchpad"}
    assert server.address == "localhost:6543"


def test_the_environment_wins():
    _, server = load_server_settings(
        {"host": "127.0.0.1", "port": "6543", "workers": "4"},
        {
            "SCRATCHPAD_PORT": "8080",
            "SCRATCHPAD_WORKERS": "2",
            "SCRATCHPAD_HOST": "::1",
        },
    )
    assert (server.port, server.workers) == (8080, 2)
    assert server.address == "[::1]:8080"


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"SCRATCHPAD_PORT": "http"}, "port must be a whole number"),
        ({"SCRATCHPAD_PORT": "70000"}, "port must be at most 65535"),
        ({"SCRATCHPAD_WORKERS": "0"}, "workers must be at least 1"),
        ({"SCRATCHPAD_MAX_REQUESTS": "-1"}, "max_requests must be at least 0"),
    ],
)
def test_bad_values_are_refused_with_the_setting_named(environ, message):
    with pytest.raises(SettingsError, match=message):
        load_server_settings({"listen": "127.0.0.1:6543"}, environ)
