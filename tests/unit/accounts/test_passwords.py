"""Password hashing: bcrypt for new hashes, werkzeug formats for adopted
users, and the rule for when a stored hash is replaced."""

from __future__ import annotations

import hashlib

import bcrypt
import pytest

from scratchpad.accounts import legacy_hashes
from scratchpad.accounts.passwords import (
    hash_password,
    needs_rehash,
    upgraded_hash,
    verify_password,
)
from tests.support.legacy import (
    WERKZEUG_PBKDF2_50000,
    WERKZEUG_PBKDF2_DEFAULT,
    WERKZEUG_SCRYPT_DEFAULT,
    WERKZEUG_SCRYPT_UNICODE,
)


def pbkdf2_hash(password: str, salt: str, iterations: int | None) -> str:
    """A hash in werkzeug's layout, built here with hashlib."""
    digest = hashlib.pbkdf2_hmac(
        "sha256", password.encode(), salt.encode(), iterations or 50_000
    ).hex()
    method = "pbkdf2:sha256" + (f":{iterations}" if iterations else "")
    return f"{method}${salt}${digest}"


@pytest.mark.parametrize(
    ("stored", "password"),
    [
        (WERKZEUG_PBKDF2_50000, "less-secret"),
        (WERKZEUG_PBKDF2_DEFAULT, "new-secret"),
        (WERKZEUG_SCRYPT_DEFAULT, "8fwe5jYCE98lXl0ZovYW"),
        (WERKZEUG_SCRYPT_UNICODE, "pässwörd"),
    ],
)
def test_werkzeug_hashes_verify_with_the_right_password_only(stored, password):
    assert verify_password(password, stored)
    assert not verify_password(password + "x", stored)
    assert not verify_password(password.upper(), stored)


def test_werkzeug_scrypt_default_is_longer_than_the_tutorial_column():
    assert len(WERKZEUG_SCRYPT_DEFAULT) == 162 > 128


def test_pbkdf2_without_iterations_uses_werkzeugs_old_default():
    stored = pbkdf2_hash("secret", "abcdEFGH", None)
    assert stored.startswith("pbkdf2:sha256$")
    assert verify_password("secret", stored)
    assert not verify_password("Secret", stored)


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "plain$$secret",
        "sha1$salt$0123",
        "md5$salt$5ebe2294ecd0e0f08eab7690d2a6ee69",
        "pbkdf2:md5:1000$salt$00",
        "pbkdf2:sha256:abc$salt$00",
        "pbkdf2:sha256:0$salt$00",
        "pbkdf2:sha256:99999999999$salt$00",
        "pbkdf2:sha256:1000$salt",
        "pbkdf2:sha256:1000$a$b$c",
        "scrypt:32768:8$salt$00",
        "scrypt:1000:8:1$salt$00",  # n not a power of two
        "scrypt:1073741824:8:1$salt$00",  # would need 1 TiB
        "scrypt:32768:8:1$salt$ÿÿ",
        "$2b$04$notreallyabcryptbutstartslikeone",
        "argon2id$v=19$whatever",
    ],
)
def test_unknown_or_broken_formats_fail_without_raising(stored):
    assert not verify_password("secret", stored)
    assert not legacy_hashes.verify("secret", stored)


def test_legacy_password_longer_than_bcrypt_allows_still_verifies():
    password = "ü" * 50  # 100 UTF-8 bytes
    stored = pbkdf2_hash(password, "saltsalt", 1000)
    assert verify_password(password, stored)
    assert upgraded_hash(password, stored, 4) is None  # keeps the old hash


def test_legacy_and_cheap_bcrypt_hashes_need_rehashing():
    assert needs_rehash(WERKZEUG_SCRYPT_DEFAULT, 4)
    assert needs_rehash(pbkdf2_hash("x", "s", 1000), 4)
    cheap = hash_password("password", 4)
    assert needs_rehash(cheap, 5)
    assert not needs_rehash(cheap, 4)
    assert not needs_rehash(hash_password("password", 5), 4)


def test_upgraded_hash_is_bcrypt_at_the_configured_cost():
    new = upgraded_hash("less-secret", WERKZEUG_PBKDF2_50000, 5)
    assert new is not None and new.startswith("$2b$05$")
    assert bcrypt.checkpw(b"less-secret", new.encode())
    assert upgraded_hash("less-secret", new, 5) is None
