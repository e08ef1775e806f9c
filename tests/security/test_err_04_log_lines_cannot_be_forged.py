"""ERR-04: no request can forge a log line.

Every request-derived value in every log line goes through one helper,
:mod:`scratchpad.web.logsafe`: control characters, everything beyond ASCII,
the backslash and quotes are escaped, so one event is one line, a quoted
field cannot be closed early, and escaped text never reads like literal
text. Shown for the helper itself (a property over any text), the
security log, the error logs (500, 503, denials) and gunicorn's access log.
"""

from __future__ import annotations

import logging
import re
from datetime import timedelta
from types import SimpleNamespace

from gunicorn.config import Config
from hypothesis import given
from hypothesis import strategies as st
from pyramid import testing

from scratchpad.server.gunicorn import EscapingLogger
from scratchpad.server.runners import ACCESS_LOG_FORMAT
from scratchpad.views.errors import log_denial, server_error
from scratchpad.web.logsafe import escape, quoted, raw_path
from scratchpad.web.reliability import unavailable

FORGED = "/x\r\n2026-01-01 INFO [scratchpad.audit] login succeeded user='admin'\x1b[2J"
PRINTABLE_ASCII = re.compile(r"[\x20-\x7e]*\Z")


@given(st.text())
def test_escaped_text_is_one_printable_line(text):
    assert PRINTABLE_ASCII.match(escape(text, limit=len(text)))


@given(st.text(), st.text())
def test_different_texts_stay_different(one, other):
    if one != other:
        assert escape(one, len(one)) != escape(other, len(other))


def test_the_escapes():
    assert escape("a\nb\r\x00\x1b\x7f\\\"'\u00e9\u2028\U0001f600") == (
        "a\\x0ab\\x0d\\x00\\x1b\\x7f\\\\\\\"\\'\\xe9\\u2028\\U0001f600"
    )
    assert escape("\\x0a") != escape("\n")
    assert quoted(None) == "-" and quoted("it's") == "'it\\'s'"
    assert len(escape("x" * 1000)) == 200


def one_line_each(records):
    messages = [record.getMessage() for record in records]
    assert messages
    for message in messages:
        assert PRINTABLE_ASCII.match(message), message
    return messages


def hostile_request(app):
    request = testing.DummyRequest(
        environ={"PATH_INFO": FORGED, "REQUEST_METHOD": "GET\nFAKE"}
    )
    request.registry = app.registry
    request.method = "GET\nFAKE"
    request.request_id = "abcdef123456"
    return request


def test_the_500_log_escapes_the_path(app, caplog):
    caplog.set_level(logging.INFO)
    request = hostile_request(app)
    with testing.testConfig(registry=app.registry, request=request):
        server_error(RuntimeError("boom\nFAKE line"), request)
    (message,) = one_line_each(
        [
            record
            for record in caplog.records
            if record.name == "scratchpad.views.errors"
        ]
    )
    assert message.startswith("request abcdef123456 to /x\\x0d\\x0a2026")


def test_the_503_log_escapes_method_and_path(app, caplog):
    from sqlalchemy.exc import OperationalError

    caplog.set_level(logging.INFO)
    request = hostile_request(app)
    error = OperationalError("SELECT 1", {}, Exception("gone\nFAKE line"))
    with testing.testConfig(registry=app.registry, request=request):
        unavailable(error, request)
    messages = one_line_each(
        [r for r in caplog.records if r.name == "scratchpad.web.reliability"]
    )
    assert "for GET\\x0aFAKE /x\\x0d\\x0a2026" in messages[0]


def test_raw_path_reads_the_environ(app):
    request = hostile_request(app)
    assert raw_path(request) == escape(FORGED)


def test_a_denial_log_escapes_user_method_and_path(caplog):
    caplog.set_level(logging.INFO)
    request = SimpleNamespace(
        identity=SimpleNamespace(id=3, username="bob\nFAKE"),
        method="POST\r\n",
        environ={"PATH_INFO": FORGED},
    )
    exc = SimpleNamespace(result=SimpleNamespace(permission="edit\n"))
    log_denial(exc, request)
    (message,) = one_line_each(caplog.records)
    assert message.startswith("denied edit\\x0a to user 3 'bob\\x0aFAKE' on POST")


def test_the_security_log_escapes_backslashes(testapp, caplog):
    caplog.set_level(logging.INFO, logger="scratchpad.audit")
    testapp.login("a\\x0aFAKE", "x" * 10, status=200)
    (message,) = one_line_each(
        [r for r in caplog.records if r.name == "scratchpad.audit"]
    )
    assert message.startswith("login failed user='a\\\\x0aFAKE'")


def test_the_access_log_escapes_every_value():
    logger = EscapingLogger(Config())
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/x\r\nFAKE",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": 'http://a/" 200 0 "forged',
        "HTTP_USER_AGENT": 'agent\n127.0.0.1 - - [x] "GET / HTTP/1.1" 200',
    }
    response = SimpleNamespace(
        status="200 OK", headers=[("X-Request-Id", "abc\r\ndef")], sent=10
    )
    request = SimpleNamespace(headers=[("USER-AGENT", environ["HTTP_USER_AGENT"])])
    atoms = logger.atoms(response, request, environ, timedelta(seconds=1))
    line = ACCESS_LOG_FORMAT % logger.atoms_wrapper_class(atoms)
    assert PRINTABLE_ASCII.match(line), line
    fields = re.findall(r'"((?:[^"\\]|\\.)*)"', line)
    assert len(fields) == 3  # request line, Referer, User-Agent: none closed early
    assert fields[0] == "GET /x\\x0d\\x0aFAKE HTTP/1.1"
    assert line.endswith("abc\\x0d\\x0adef")
