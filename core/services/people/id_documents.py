"""Buyer applicants' identity documents are kept ID_DOCUMENT_RETENTION_DAYS after the decision, then purged.

The clock starts when the application is decided (it leaves "applied": verified, rejected or banned) and is
fixed then, as order deadlines are; later suspensions, reinstatements and bans do not move it. Applying again
after a rejection brings a new document and, at its decision, a new clock. The purge forgets our reference (the
Telegram file id); Telegram keeps the photo the applicant sent on its own servers, which a bot cannot delete.
"""

import logging
from datetime import datetime, timedelta

from core import clock
from core.config import current_settings
from core.domain.audit import AuditAction, AuditTarget
from core.models.users import BuyerProfile
from core.services.oversight.audit import record
from core.services.runtime import scheduler

log = logging.getLogger(__name__)

PURGE_ID_DOCUMENT = "buyer.id_document_purge"  # key: the applicant's user id


def retention() -> timedelta:
    return timedelta(days=current_settings().id_document_retention_days)


async def plan_purge(user_id: int, reviewed_at: datetime) -> None:
    """Call in the transaction that decides the application."""
    await scheduler.plan(PURGE_ID_DOCUMENT, str(user_id), reviewed_at + retention())


async def cancel_purge(user_id: int) -> None:
    """Call in the transaction of a new application: its document waits for its own decision."""
    await scheduler.drop(PURGE_ID_DOCUMENT, str(user_id))


async def purge_id_document(key: str) -> None:
    """The job: forget the document of a decided application, once, with an audit entry naming no moderator."""
    profile = await BuyerProfile.get_or_none(user_id=int(key))
    if profile is None or profile.reviewed_at is None or not profile.id_document_file_id:
        return  # gone, applying again (its new document waits for a decision), or purged already
    now = clock.now()
    # Conditional on the decision read: an application renewed meanwhile keeps its new document.
    purged = await BuyerProfile.filter(
        id=profile.id, reviewed_at=profile.reviewed_at, id_document_file_id=profile.id_document_file_id
    ).update(id_document_file_id="", id_document_purged_at=now)
    if not purged:
        return
    kept_days = (now - profile.reviewed_at).days
    await record(
        None,
        AuditAction.BUYER_ID_DOCUMENT_PURGED,
        AuditTarget.USER,
        profile.user_id,
        reviewed_at=profile.reviewed_at.isoformat(),
        kept_days=kept_days,
    )
    log.info("identity document of user %s purged %s days after the decision", profile.user_id, kept_days)
