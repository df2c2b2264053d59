"""Buyer applicants' identity documents are kept ID_DOCUMENT_RETENTION_DAYS after the decision, then purged.

The clock starts when the application is decided (it leaves "applied": verified, rejected or banned) and is
fixed then, as order deadlines are; later suspensions, reinstatements and bans do not move it. Applying again
after a rejection brings a new document and, at its decision, a new clock. The purge forgets our reference (the
Telegram file id); Telegram keeps the photo the applicant sent on its own servers, which a bot cannot delete.
"""

from core import clock
from core.domain.audit import AuditAction, AuditTarget
from core.models.users import BuyerProfile
from core.services.people.retention import Retained, purged

# Keyed by the applicant's user id.
ID_DOCUMENTS = Retained("buyer.id_document_purge", lambda settings: settings.id_document_retention_days)


async def purge_id_document(key: str) -> None:
    """The job: forget the document of a decided application, once."""
    profile = await BuyerProfile.get_or_none(user_id=int(key))
    if profile is None or profile.reviewed_at is None or not profile.id_document_file_id:
        return  # gone, applying again (its new document waits for a decision), or purged already
    # Conditional on the decision read: an application renewed meanwhile keeps its new document.
    if await BuyerProfile.filter(
        id=profile.id, reviewed_at=profile.reviewed_at, id_document_file_id=profile.id_document_file_id
    ).update(id_document_file_id="", id_document_purged_at=clock.now()):
        await purged(AuditAction.BUYER_ID_DOCUMENT_PURGED, AuditTarget.USER, profile.user_id, profile.reviewed_at)
