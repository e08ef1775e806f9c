"""Password hashing and verification with bcrypt, plus legacy formats.

New hashes are always bcrypt. Users adopted from the Flask tutorial carry
werkzeug hashes; :mod:`scratchpad.accounts.legacy_hashes` verifies those with the
standard library and :func:`needs_rehash` tells the login view to replace
them (and bcrypt hashes cheaper than ``scratchpad.bcrypt_rounds``) on the
first successful login.

bcrypt only looks at the first 72 bytes of a password, and bcrypt 5 raises
``ValueError`` for anything longer instead of truncating. Scratchpad never
truncates: a new password over 72 UTF-8 bytes is refused with a message, and
a login attempt with one simply fails (no stored password can be that long).
"""

from __future__ import annotations

import functools

import bcrypt

from scratchpad.accounts import legacy_hashes

MAX_PASSWORD_BYTES = 72
MIN_PASSWORD_LENGTH = 8


@functools.cache
def _dummy_hash(rounds: int) -> bytes:
    """Checked when the user does not exist, so that a login for an unknown
    name costs the same bcrypt work as one with a wrong password."""
    return bcrypt.hashpw(b"not a password", bcrypt.gensalt(rounds=rounds))


class PasswordRejected(ValueError):
    """A new password breaks a rule; the message is shown to the user."""


def check_new_password(password: str) -> None:
    """Raise :class:`PasswordRejected` unless ``password`` may be set.

    At least 8 characters, at most 72 UTF-8 bytes (bcrypt's limit: refused,
    never truncated), and not one of the 20,000 most common passwords
    (``data/common-passwords.txt.gz``, from Django; see NOTICE). No
    composition rules: any Unicode is fine.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordRejected(
            f"Passwords need at least {MIN_PASSWORD_LENGTH} characters."
        )
    if len(password.encode("utf-8", "surrogatepass")) > MAX_PASSWORD_BYTES:
        raise PasswordRejected(
            f"Passwords can be at most {MAX_PASSWORD_BYTES} bytes long "
            "(72 plain letters, fewer accented or non-Latin ones)."
        )
    if "\x00" in password or any(0xD800 <= ord(c) <= 0xDFFF for c in password):
        raise PasswordRejected("Passwords cannot contain that character.")
    from scratchpad.accounts.common_passwords import is_common

    if is_common(password):
        raise PasswordRejected(
            "That password is one of the most common ones and easy to guess; "
            "please choose another."
        )


def hash_password(password: str, rounds: int) -> str:
    """A bcrypt hash of ``password``; call :func:`check_new_password` first."""
    data = password.encode("utf-8")
    if len(data) > MAX_PASSWORD_BYTES:
        raise PasswordRejected("password too long for bcrypt")
    return bcrypt.hashpw(data, bcrypt.gensalt(rounds=rounds)).decode("ascii")


def verify_password(password: str, stored_hash: str | None, rounds: int = 12) -> bool:
    """True if ``password`` matches ``stored_hash``.

    Never raises for odd input: an over-long password, an unknown or broken
    hash format all simply fail. With ``stored_hash=None`` (no such user) a
    dummy hash of cost ``rounds`` is still checked, to take the same time.
    """
    if stored_hash is not None and legacy_hashes.is_legacy(stored_hash):
        # Checked before the 72-byte rule: werkzeug had no such limit.
        return legacy_hashes.verify(password, stored_hash)
    data = password.encode("utf-8", "surrogateescape")
    if stored_hash is None or len(data) > MAX_PASSWORD_BYTES:
        bcrypt.checkpw(data[:MAX_PASSWORD_BYTES], _dummy_hash(rounds))
        return False
    try:
        return bcrypt.checkpw(data, stored_hash.encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        return False


def needs_rehash(stored_hash: str, rounds: int) -> bool:
    """True if ``stored_hash`` (already verified) should be replaced: it is a
    legacy werkzeug hash, or a bcrypt hash of a lower cost than ``rounds``."""
    if legacy_hashes.is_legacy(stored_hash):
        return True
    parts = stored_hash.split("$")
    # bcrypt: "$2b$12$<53 characters>" splits into ["", "2b", "12", ...]
    if len(parts) != 4 or not parts[2].isdigit():
        return False
    return int(parts[2]) < rounds


def upgraded_hash(password: str, stored_hash: str, rounds: int) -> str | None:
    """A new bcrypt hash to store after a successful login, or None.

    None when ``stored_hash`` is already good enough, and also for a legacy
    password over 72 bytes, which bcrypt cannot hold: that user keeps the
    old hash until they choose a new password.
    """
    if not needs_rehash(stored_hash, rounds):
        return None
    if len(password.encode("utf-8", "surrogateescape")) > MAX_PASSWORD_BYTES:
        return None
    return hash_password(password, rounds)
