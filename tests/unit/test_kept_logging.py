"""A script's logging setup, run inside a test, is undone afterwards: the
root logger gets its own handlers back and no logger stays disabled, so a
later test's log record is not written to this test's closed stderr."""

from __future__ import annotations

import logging

from _pytest.logging import LogCaptureHandler
from pyramid.paster import setup_logging

from tests.support import INI
from tests.support.scripting import kept_logging


def test_a_scripts_logging_setup_is_undone(caplog):
    root = logging.getLogger()
    audit = logging.getLogger("scratchpad.audit")
    before = list(root.handlers), root.level
    with kept_logging():
        setup_logging(INI)
        assert list(root.handlers) != before[0]  # the ini's console handler
    assert (list(root.handlers), root.level) == before
    assert not audit.disabled
    audit.warning("still caught")
    assert "still caught" in caplog.text


def test_across_phases_a_phase_handler_is_left_to_pytest():
    root = logging.getLogger()
    setup_phase, teardown_phase = LogCaptureHandler(), LogCaptureHandler()
    root.addHandler(setup_phase)
    with kept_logging(across_phases=True):
        root.removeHandler(setup_phase)  # pytest ends the setup phase
        setup_logging(INI)
        root.addHandler(teardown_phase)  # and starts teardown
    try:
        assert setup_phase not in root.handlers
        assert teardown_phase in root.handlers
        assert not [h for h in root.handlers if type(h) is logging.StreamHandler]
    finally:
        root.removeHandler(teardown_phase)
