"""What every kind of test shares, one of each: databases, the live server,
the HTTP clients, the clock, and the way to make users and comments.

Test modules import from here, never from each other or from a conftest.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
INI = str(ROOT / "development.ini")
TEST_ROUNDS = 4
TEST_SECRET = "test-secret-" + "x" * 40


def settings_for(url: str) -> dict[str, str]:
    """The app's settings for a test against the database at ``url``."""
    return {
        "sqlalchemy.url": url,
        "scratchpad.secret": TEST_SECRET,
        "scratchpad.testing": "true",
        "scratchpad.bcrypt_rounds": str(TEST_ROUNDS),
    }
