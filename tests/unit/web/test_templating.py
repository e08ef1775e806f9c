"""The ``datetime`` filter: the configured format, in UTC, the zone said once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from scratchpad.settings import DEFAULT_DATE_FORMAT
from scratchpad.web.templating import format_datetime

LEAP_DAY = datetime(2020, 2, 29, 8, 5, tzinfo=UTC)


def test_the_configured_format_in_utc_with_the_zone_added():
    assert format_datetime(LEAP_DAY, DEFAULT_DATE_FORMAT) == (
        "Saturday, 29 February 2020 at 08:05 UTC"
    )
    plus_two = LEAP_DAY.astimezone(timezone(timedelta(hours=2)))
    assert format_datetime(plus_two, "%H:%M") == "08:05 UTC"


def test_a_format_that_names_the_zone_gets_it_once():
    assert format_datetime(LEAP_DAY, "%d.%m.%Y %H:%M %Z") == "29.02.2020 08:05 UTC"
    assert format_datetime(LEAP_DAY, "%Y-%m-%dT%H:%M%z") == "2020-02-29T08:05+0000"
