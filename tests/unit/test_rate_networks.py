"""The brakes count an IPv6 client by its /64 and an IPv4 client (also one
written as an IPv4-mapped IPv6 address) by its address."""

from __future__ import annotations

import pytest

from scratchpad.security.rate import network


@pytest.mark.parametrize(
    ("address", "counted_as"),
    [
        ("203.0.113.9", "203.0.113.9"),
        ("2001:db8:1:2::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"),
        ("2001:DB8:1:3::1", "2001:db8:1:3::/64"),
        ("::ffff:203.0.113.9", "203.0.113.9"),
        ("", "unknown"),
        (None, "unknown"),
        ("not an address", "not an address"),
    ],
)
def test_network(address, counted_as):
    assert network(address) == counted_as
