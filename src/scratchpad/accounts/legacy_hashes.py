"""Verify the werkzeug password hashes of databases adopted from the tutorial.

The Flask tutorial stored ``werkzeug.security.generate_password_hash``
output. Its formats are ``method$salt$hex`` with the salt used as UTF-8
text:

- ``pbkdf2:<hash>:<iterations>$salt$hex``: PBKDF2-HMAC, hex of the
  digest-sized key; what ``generate_password_hash`` writes.
- ``pbkdf2:<hash>$salt$hex`` / ``pbkdf2$salt$hex``: no iteration count
  (a hash written by hand or by other code using werkzeug's layout).
  werkzeug checks these with *its own* default, which changed between
  releases, so we try the historical defaults in turn (1,000 in 0.9; 50,000
  in 0.10-0.14, the tutorial's era; 150,000; 260,000; 600,000; 1,000,000).
- ``scrypt:<n>:<r>:<p>$salt$hex``: scrypt with a 64-byte key (werkzeug 3's
  default, ``scrypt:32768:8:1``, 162 characters in all).

Only the standard library is used (``hashlib``, ``hmac.compare_digest``).
Anything else, including absurd cost parameters that would let a crafted
row tie up the server, fails verification; nothing here raises.
"""

from __future__ import annotations

import hashlib
import hmac

PBKDF2_HASHES = frozenset({"sha1", "sha224", "sha256", "sha384", "sha512"})
# werkzeug's DEFAULT_PBKDF2_ITERATIONS over the years, oldest first.
WERKZEUG_DEFAULT_ITERATIONS = (1_000, 50_000, 150_000, 260_000, 600_000, 1_000_000)
MAX_PBKDF2_ITERATIONS = 10_000_000
# scrypt needs about 128 * n * r bytes: allow up to 128 MiB (werkzeug's
# default takes 32 MiB) and a little parallelism.
MAX_SCRYPT_N_TIMES_R = 2**20
MAX_SCRYPT_P = 16


def is_legacy(stored_hash: str) -> bool:
    """True for a werkzeug-style ``method$salt$hash`` string (bcrypt hashes
    start with ``$``)."""
    return stored_hash.startswith(("pbkdf2", "scrypt:")) and "$" in stored_hash


def _same(computed: str, expected: str) -> bool:
    return hmac.compare_digest(computed.encode("ascii"), expected.encode("ascii"))


def _pbkdf2(method: list[str], password: bytes, salt: bytes, expected: str) -> bool:
    hash_name = method[1] if len(method) > 1 else "sha256"
    if hash_name not in PBKDF2_HASHES or len(method) > 3:
        return False
    if len(method) == 3:
        if not method[2].isdigit():
            return False
        candidates: tuple[int, ...] = (int(method[2]),)
    else:
        candidates = WERKZEUG_DEFAULT_ITERATIONS
    found = False
    for iterations in candidates:
        if not 1 <= iterations <= MAX_PBKDF2_ITERATIONS:
            return False
        computed = hashlib.pbkdf2_hmac(hash_name, password, salt, iterations).hex()
        found |= _same(computed, expected)
    return found


def _scrypt(method: list[str], password: bytes, salt: bytes, expected: str) -> bool:
    if len(method) != 4 or not all(part.isdigit() for part in method[1:]):
        return False
    n, r, p = (int(part) for part in method[1:])
    if not (n >= 2 and n & (n - 1) == 0 and r >= 1 and 1 <= p <= MAX_SCRYPT_P):
        return False
    if n * r > MAX_SCRYPT_N_TIMES_R:
        return False
    computed = hashlib.scrypt(
        password, salt=salt, n=n, r=r, p=p, maxmem=132 * n * r * p, dklen=64
    ).hex()
    return _same(computed, expected)


def verify(password: str, stored_hash: str) -> bool:
    """True if ``password`` matches the werkzeug hash ``stored_hash``."""
    try:
        method_text, salt, expected = stored_hash.split("$")
        expected.encode("ascii")
        method = method_text.split(":")
        password_bytes = password.encode("utf-8")
        salt_bytes = salt.encode("utf-8")
        if method[0] == "pbkdf2":
            return _pbkdf2(method, password_bytes, salt_bytes, expected)
        if method[0] == "scrypt":
            return _scrypt(method, password_bytes, salt_bytes, expected)
    except (ValueError, UnicodeError, MemoryError):
        pass
    return False
