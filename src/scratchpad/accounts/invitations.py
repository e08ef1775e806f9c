"""Invitations: making, finding, listing and revoking them.

An invitation is a link, ``<base_url>/join/<token>/``, whose token is a
login token's 256 random bits (:func:`scratchpad.models.login.new_token`,
the one token maker); only its SHA-256 is stored, so the link exists only
in what :func:`create_invitation` returns. It works once, until it expires
(``scratchpad.invitation_days``, 7 by default) or is revoked.

These functions take a SQLAlchemy session and never commit. The admin
pages and ``manage_users invite`` call them.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from scratchpad.models import Invitation, User, utcnow
from scratchpad.models.invitation import OPEN
from scratchpad.models.login import hash_token, new_token

# Longer than any token new_token() makes: not worth a query.
MAX_TOKEN_LENGTH = 128
# The longest an invitation may be valid for, in days.
MAX_DAYS = 365


def create_invitation(
    dbsession: Session, inviter: User | None, days: int, admin: bool = False
) -> tuple[Invitation, str]:
    """A new invitation and its token: the only time the token is seen."""
    token = new_token()
    invitation = Invitation(
        token_hash=hash_token(token),
        invited_by=inviter,
        admin=admin,
        expires=utcnow() + timedelta(days=days),
    )
    dbsession.add(invitation)
    dbsession.flush()
    return invitation, token


def invitation_path(token: str) -> str:
    """Where an invitation's token is used, from the site's root."""
    return f"/join/{token}/"


def find_invitation(dbsession: Session, token: str) -> Invitation | None:
    """The invitation ``token`` belongs to, whatever its state, or None."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    return dbsession.scalar(
        select(Invitation).where(Invitation.token_hash == hash_token(token))
    )


def list_invitations(dbsession: Session, limit: int = 200) -> list[Invitation]:
    """The newest invitations first, with who invited and who joined."""
    query = (
        select(Invitation)
        .options(joinedload(Invitation.invited_by), joinedload(Invitation.user))
        .order_by(Invitation.id.desc())
        .limit(limit)
    )
    return list(dbsession.scalars(query))


def revoke_invitation(dbsession: Session, invitation_id: int) -> Invitation | None:
    """Revoke an open invitation; None if there is no open one by that id."""
    invitation = dbsession.get(Invitation, invitation_id)
    if invitation is None or invitation.state(utcnow()) != OPEN:
        return None
    invitation.revoked = utcnow()
    return invitation
