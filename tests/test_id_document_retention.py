"""An applicant's identity document is kept ID_DOCUMENT_RETENTION_DAYS after the decision, then purged and audited.

The clock is moved and the scheduler run as it would run in its own process."""

from collections.abc import Callable

from core.config import Settings
from core.domain.buyers import BuyerStatus
from core.models.audit import AuditEntry
from core.models.moderators import Moderator
from core.models.users import BuyerProfile, User
from core.services.oversight import moderation
from core.services.people import users
from core.services.runtime.job_kinds import JOB_KINDS
from core.services.runtime.scheduler import run_due
from tests import factories
from tests.conftest import Travel


async def document(applicant: User) -> str:
    """The identity document's file id we still hold ("" once purged)."""
    return (await BuyerProfile.get(user_id=applicant.id)).id_document_file_id


async def purges() -> list[tuple[int | None, str, str, str]]:
    entries = AuditEntry.filter(action="buyer.id_document_purged").order_by("id")
    return [(e.moderator_id, e.action, e.target_kind, e.target_id) for e in await entries]


async def test_a_verified_applicants_document_is_kept_for_the_retention_then_purged_once_with_an_audit_entry(
    travel: Travel, override_settings: Callable[..., Settings]
) -> None:
    override_settings(id_document_retention_days=30)
    mei = await factories.customer("Mei")
    await users.apply_as_buyer(mei.id, ["JP"], ["bags"], "passport-mei")
    mod = await Moderator.create(username="lin", password_hash="x")
    await moderation.decide_buyer(mod.id, mei.id, BuyerStatus.VERIFIED)

    travel.forward(days=29)
    await run_due(JOB_KINDS)
    assert await document(mei) == "passport-mei"  # one day before the retention ends
    assert await purges() == []

    travel.forward(days=1, minutes=1)
    await run_due(JOB_KINDS)
    profile = await BuyerProfile.get(user_id=mei.id)
    assert profile.id_document_file_id == "" and profile.id_document_purged_at == travel.at
    assert profile.status is BuyerStatus.VERIFIED  # she still sells: only the document is gone
    assert await purges() == [(None, "buyer.id_document_purged", "user", str(mei.id))]

    travel.forward(days=30)
    await run_due(JOB_KINDS)
    assert len(await purges()) == 1


async def test_a_rejected_applicant_who_applies_again_brings_a_new_document_with_a_new_clock(
    travel: Travel, override_settings: Callable[..., Settings]
) -> None:
    override_settings(id_document_retention_days=10)
    kenji = await factories.customer("Kenji")
    await users.apply_as_buyer(kenji.id, ["JP"], ["bags"], "blurry-passport")
    await users.decide_buyer(kenji.id, BuyerStatus.REJECTED, "Blurry document")

    travel.forward(days=5)
    await users.apply_as_buyer(kenji.id, ["JP"], ["bags"], "clear-passport")
    travel.forward(days=20)  # long past the first clock: the new application waits for its decision
    await run_due(JOB_KINDS)
    assert await document(kenji) == "clear-passport"

    await users.decide_buyer(kenji.id, BuyerStatus.VERIFIED)
    travel.forward(days=9)
    await run_due(JOB_KINDS)
    assert await document(kenji) == "clear-passport"
    travel.forward(days=1, minutes=1)
    await run_due(JOB_KINDS)
    assert await document(kenji) == ""
    assert len(await purges()) == 1


async def test_after_a_purge_a_new_application_holds_its_new_document(travel: Travel) -> None:
    ana = await factories.customer("Ana")
    await users.apply_as_buyer(ana.id, ["FR"], ["beauty"], "old-id-card")
    await users.decide_buyer(ana.id, BuyerStatus.REJECTED, "Expired document")
    travel.forward(days=31)
    await run_due(JOB_KINDS)

    renewed = await users.apply_as_buyer(ana.id, ["FR"], ["beauty"], "new-id-card")

    assert renewed.id_document_file_id == "new-id-card" and renewed.id_document_purged_at is None


async def test_suspending_or_banning_later_does_not_move_the_clock_but_a_ban_of_an_applicant_starts_it(
    travel: Travel, override_settings: Callable[..., Settings]
) -> None:
    override_settings(id_document_retention_days=30)
    seller = await factories.buyer("Erin")  # verified now
    applicant = await factories.customer("Sam")
    await users.apply_as_buyer(applicant.id, ["US"], ["bags"], "fake-passport")
    await users.decide_buyer(applicant.id, BuyerStatus.BANNED, "Forged document")

    travel.forward(days=20)
    await users.decide_buyer(seller.id, BuyerStatus.SUSPENDED, "Late shipments")
    await users.decide_buyer(seller.id, BuyerStatus.BANNED, "Counterfeits")
    travel.forward(days=10, minutes=1)
    await run_due(JOB_KINDS)

    assert (await document(seller), await document(applicant)) == ("", "")
    assert {target for *_, target in await purges()} == {str(seller.id), str(applicant.id)}
