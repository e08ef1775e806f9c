"""The list of common passwords that new passwords are checked against.

The list (``data/common-passwords.txt.gz``, 20,000 lower-case entries) is
Django's, which it took from Royce Williams' list of the most common
passwords in breaches; it is BSD-licensed, see NOTICE. It is read once, on
first use, into a frozen set.
"""

from __future__ import annotations

import functools
import gzip
from importlib import resources


@functools.cache
def common_passwords() -> frozenset[str]:
    data = resources.files("scratchpad.accounts").joinpath(
        "data/common-passwords.txt.gz"
    )
    with data.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if line.strip())


def is_common(password: str) -> bool:
    """True if ``password`` (ignoring case and outer spaces) is on the list."""
    return password.strip().lower() in common_passwords()
