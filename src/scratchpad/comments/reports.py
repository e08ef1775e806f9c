"""Reports: a logged-in user tells the moderators a comment is wrong.

Each user may report a comment once, with a short reason (1 to 200
characters of one line). The queue on ``/admin/reports/`` lists the
comments that have reports and are not removed, most reported first;
a moderator dismisses the reports or removes the comment, and either way
its reports are done with. No public page shows a report count.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, joinedload

from scratchpad.models import Comment, Report, User
from scratchpad.models.report import MAX_REASON_LENGTH


class ReportRejected(ValueError):
    """The reason cannot be stored; the message says why."""


def check_reason(text: str) -> str:
    reason = " ".join(text.split())
    if not reason:
        raise ReportRejected("Say in a few words what is wrong with the comment.")
    if len(reason) > MAX_REASON_LENGTH:
        raise ReportRejected(
            f"Keep the reason to {MAX_REASON_LENGTH} characters "
            f"(this one has {len(reason)})."
        )
    if not reason.isprintable():
        raise ReportRejected("The reason holds characters that cannot be shown.")
    return reason


def has_reported(dbsession: Session, comment_id: int, user_id: int) -> bool:
    query = select(Report.id).where(
        Report.comment_id == comment_id, Report.reporter_id == user_id
    )
    return dbsession.scalar(query) is not None


def add_report(
    dbsession: Session, comment: Comment, reporter: User, reason: str
) -> None:
    """Store a checked report; the caller made sure it is the first."""
    report = Report(comment_id=comment.id, reporter_id=reporter.id, reason=reason)
    dbsession.add(report)
    dbsession.flush()  # a racing twin fails here, on the unique pair


def dismiss_reports(dbsession: Session, comment_id: int) -> int:
    result = dbsession.execute(delete(Report).where(Report.comment_id == comment_id))
    return int(getattr(result, "rowcount", 0) or 0)


@dataclass(frozen=True)
class Reported:
    comment: Comment
    reports: list[Report]


def report_queue(dbsession: Session, limit: int) -> list[Reported]:
    """The reported comments still shown, most reported first."""
    counts = (
        select(Report.comment_id, func.count().label("n"))
        .group_by(Report.comment_id)
        .subquery()
    )
    query = (
        select(Comment)
        .join(counts, counts.c.comment_id == Comment.id)
        .where(Comment.removed.is_(None))
        .order_by(counts.c.n.desc(), Comment.id.desc())
        .limit(limit)
        .options(joinedload(Comment.commenter))
    )
    comments = list(dbsession.scalars(query))
    reports = dbsession.scalars(
        select(Report)
        .where(Report.comment_id.in_([c.id for c in comments]))
        .order_by(Report.id)
    )
    by_comment: dict[int, list[Report]] = {c.id: [] for c in comments}
    for report in reports:
        by_comment[report.comment_id].append(report)
    return [Reported(c, by_comment[c.id]) for c in comments]


def open_reports(dbsession: Session) -> int:
    """How many shown comments wait in the queue (for /admin/)."""
    query = (
        select(func.count(func.distinct(Report.comment_id)))
        .join(Comment, Comment.id == Report.comment_id)
        .where(Comment.removed.is_(None))
    )
    return int(dbsession.scalar(query) or 0)
