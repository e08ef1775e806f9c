"""``manage_users`` commands that print a link to pass on: ``invite
[--admin] [--expires DAYS]`` and ``reset-link NAME``.

Each prints what it did, then the absolute link as the last line (so a
script can take it with ``tail -n 1``): it is shown only this once, since
only its hash is stored. Links are built from ``scratchpad.base_url``, which
must be set; an invitation needs a site that takes new accounts
(``scratchpad.registration`` not ``closed``).
"""

from __future__ import annotations

import argparse

from sqlalchemy.orm import Session

from scratchpad.accounts.invitations import (
    MAX_DAYS,
    create_invitation,
    invitation_path,
)
from scratchpad.accounts.resets import LIFETIME, create_reset, reset_path
from scratchpad.models import User
from scratchpad.scripts import ScriptError
from scratchpad.settings import Settings

RESET_MINUTES = int(LIFETIME.total_seconds() // 60)


def site(settings: Settings) -> str:
    """The site's public address, or :class:`ScriptError`."""
    if not settings.base_url:
        raise ScriptError(
            "scratchpad.base_url is not set (SCRATCHPAD_BASE_URL): a link needs "
            "the site's public address; nothing changed"
        )
    return settings.base_url


def invite(dbsession: Session, settings: Settings, args: argparse.Namespace) -> str:
    base = site(settings)
    if settings.registration == "closed":
        raise ScriptError(
            "scratchpad.registration is closed: nobody can join; nothing changed"
        )
    days = settings.invitation_days if args.expires is None else args.expires
    if not 1 <= days <= MAX_DAYS:
        raise ScriptError(f"--expires takes 1 to {MAX_DAYS} days; nothing changed")
    invitation, token = create_invitation(dbsession, None, days, admin=args.admin)
    kind = "an admin" if invitation.admin else "a user"
    return (
        f"created invitation {invitation.id} for {kind}, valid for {days} "
        f"day(s) and once; it is shown only now:\n{base}{invitation_path(token)}"
    )


def new_reset_link(dbsession: Session, settings: Settings, user: User) -> str:
    """A new absolute password-reset link for ``user`` (the admin pages use
    it too), or :class:`ScriptError`, having changed nothing."""
    base = site(settings)
    if user.disabled:
        raise ScriptError(f"{user.username!r} is disabled; nothing changed")
    return base + reset_path(create_reset(dbsession, user))


def reset_link(dbsession: Session, settings: Settings, user: User) -> str:
    link = new_reset_link(dbsession, settings, user)
    return (
        f"created a password-reset link for {user.username!r}, valid once for "
        f"{RESET_MINUTES} minutes; it is shown only now:\n{link}"
    )
