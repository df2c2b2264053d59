"""The moderators' payout queue: buyers' payout requests and customers' refunds, oldest first, paid or refused.

Each decision is one conditional update of the payout (requested → paid or refused) with its ledger transfer,
audit entry, notice and the purge of its copy of the payout details, in one transaction: a form sent twice
moves the money once, and the second is told it was decided already.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from core import clock
from core.domain.audit import AuditAction, AuditTarget
from core.domain.listings import ListingStatus
from core.domain.money import Money
from core.domain.order_machine import OrderState
from core.domain.payouts import REFERENCE_MAX, PayoutKind, PayoutMethodKind, PayoutStatus
from core.domain.reports import ReportStatus
from core.domain.text import clean_text
from core.errors import AlreadyPosted, Conflict, InvalidState, NotFound
from core.models.ledger import Payment
from core.models.listings import Listing
from core.models.orders import Order
from core.models.payouts import Payout
from core.models.reports import FakeReport
from core.sealing import unseal
from core.services.money import ledger
from core.services.money.payouts import PayoutLine, line_of
from core.services.oversight.audit import record
from core.services.oversight.user_summaries import UserSummary, summary_of
from core.services.people.retention import Retained, purged
from core.services.runtime.notifications import queue
from core.services.runtime.pages import PAGE_SIZE, Page

# Keyed by the payout's id: its copy of the payout details goes PERSONAL_DATA_RETENTION_DAYS after the decision.
PAYOUT_DETAILS = Retained("payout.details_purge", lambda settings: settings.personal_data_retention_days)


@dataclass(frozen=True, slots=True)
class QueuedPayout:
    payout: PayoutLine
    user: UserSummary


@dataclass(frozen=True, slots=True)
class OpenRisks:
    """What may yet be asked of a buyer's money: disputes on their orders, reports on their listings, holds."""

    disputes: tuple[int, ...]  # order ids
    reports: tuple[int, ...]  # report ids
    held_listings: tuple[int, ...]  # listing ids


@dataclass(frozen=True, slots=True)
class ChargeLine:
    """A Telegram charge behind a refund: what to refund at the provider."""

    telegram_charge_id: str
    provider_charge_id: str
    amount: Money


@dataclass(frozen=True, slots=True)
class PayoutCase:
    payout: PayoutLine
    user: UserSummary
    method_kind: PayoutMethodKind | None
    details: str  # unsealed; "" for a refund or once redacted
    details_purged_at: datetime | None
    risks: OpenRisks
    charges: tuple[ChargeLine, ...]  # refunds: the charges to refund at the provider
    decided_by: str  # the moderator's username, "" while waiting


async def payout_queue(after: int | None = None) -> Page[QueuedPayout]:
    """Waiting payouts and refunds, oldest first; `after` an id for the next page."""
    query = Payout.filter(status=PayoutStatus.REQUESTED).select_related("user__buyer_profile")
    if after is not None:
        query = query.filter(id__gt=after)
    rows = await query.order_by("id").limit(PAGE_SIZE + 1)
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    items = tuple(QueuedPayout(line_of(row), summary_of(row.user)) for row in rows)
    return Page(items, rows[-1].id if more else None)


async def waiting_payouts() -> int:
    return await Payout.filter(status=PayoutStatus.REQUESTED).count()


async def open_risks(user_id: int) -> OpenRisks:
    disputes = await Order.filter(buyer_id=user_id, state=OrderState.DISPUTED).values_list("id", flat=True)
    reports = await FakeReport.filter(
        Q(listing__buyer_id=user_id) | Q(order__buyer_id=user_id), status=ReportStatus.OPEN
    ).values_list("id", flat=True)
    held = await Listing.filter(buyer_id=user_id, status=ListingStatus.PENDING_REVIEW).values_list("id", flat=True)
    return OpenRisks(tuple(disputes), tuple(reports), tuple(held))  # type: ignore[arg-type]


async def _charges(payout: Payout) -> tuple[ChargeLine, ...]:
    if payout.kind is not PayoutKind.REFUND or payout.source is None:
        return ()
    key = payout.source.idempotency_key
    query = (
        Payment.filter(order_id=payout.order_id)
        if payout.order_id
        else Payment.filter(telegram_payment_charge_id=key.removeprefix("payment:"))
    )
    return tuple(
        ChargeLine(row.telegram_payment_charge_id, row.provider_payment_charge_id, row.amount_money)
        for row in await query.order_by("id")
    )


async def payout_case(payout_id: int, viewer_id: int | None = None) -> PayoutCase:
    """The case; a moderator `viewer_id` reading the payout details (personal data) is audited, the entry holding
    no details."""
    payout = await Payout.get_or_none(id=payout_id).select_related("user__buyer_profile", "source", "decided_by")
    if payout is None:
        raise NotFound("payout.not_found")
    if viewer_id is not None and payout.details:
        async with in_transaction():
            await record(viewer_id, AuditAction.PAYOUT_DETAILS_VIEWED, AuditTarget.PAYOUT, payout.id)
    return PayoutCase(
        payout=line_of(payout),
        user=summary_of(payout.user),
        method_kind=payout.method_kind,
        details=unseal(payout.details) if payout.details else "",
        details_purged_at=payout.details_purged_at,
        risks=await open_risks(payout.user_id),
        charges=await _charges(payout),
        decided_by=payout.decided_by.username if payout.decided_by else "",
    )


async def _decide(moderator_id: int, payout_id: int, status: PayoutStatus, **fields: str) -> Payout:
    now = clock.now()
    if not await Payout.filter(id=payout_id, status=PayoutStatus.REQUESTED).update(
        status=status, decided_at=now, decided_by_id=moderator_id, **fields
    ):
        if not await Payout.exists(id=payout_id):
            raise NotFound("payout.not_found")
        raise Conflict("payout.already_decided")
    payout = await Payout.get(id=payout_id)
    if payout.details:
        await PAYOUT_DETAILS.plan_purge(payout.id, now)
    return payout


def _notice(payout: Payout) -> dict[str, Any]:
    return {"payout_id": payout.id, "amount": payout.amount, "currency": payout.currency}


async def mark_paid(moderator_id: int, payout_id: int, reference: str) -> PayoutLine:
    """The moderator sent the money (or refunded it at the provider): it leaves the ledger, the owner is told."""
    reference = clean_text(reference, "reference", REFERENCE_MAX)
    async with in_transaction():
        payout = await _decide(moderator_id, payout_id, PayoutStatus.PAID, reference=reference)
        try:
            await ledger.pay_out(f"payout:{payout.id}:paid", payout.kind, payout.user_id, payout.amount_money)
        except AlreadyPosted:
            raise Conflict("payout.already_decided") from None
        refund = payout.kind is PayoutKind.REFUND
        action = AuditAction.REFUND_PAID if refund else AuditAction.PAYOUT_PAID
        await record(
            moderator_id,
            action,
            AuditTarget.PAYOUT,
            payout.id,
            amount=payout.amount,
            currency=payout.currency,
            user_id=payout.user_id,
            reference=reference,
        )
        await queue(payout.user_id, "refund.paid" if refund else "payout.paid", **_notice(payout), reference=reference)
        return line_of(payout)


async def refuse(moderator_id: int, payout_id: int, reason: str) -> PayoutLine:
    """Refuse a buyer's payout request: the money goes back to their earnings, and they read why."""
    reason = clean_text(reason, "reason", 1000)
    if await Payout.exists(id=payout_id, kind=PayoutKind.REFUND):
        raise InvalidState("payout.refund_is_owed")  # a refund is owed to the customer, not asked for
    async with in_transaction():
        payout = await _decide(moderator_id, payout_id, PayoutStatus.REFUSED, reason=reason)
        try:
            await ledger.return_payout(f"payout:{payout.id}:refused", payout.user_id, payout.amount_money)
        except AlreadyPosted:
            raise Conflict("payout.already_decided") from None
        await record(
            moderator_id,
            AuditAction.PAYOUT_REFUSED,
            AuditTarget.PAYOUT,
            payout.id,
            reason,
            amount=payout.amount,
            currency=payout.currency,
            user_id=payout.user_id,
        )
        await queue(payout.user_id, "payout.refused", **_notice(payout), reason=reason)
        return line_of(payout)


async def purge_payout_details(key: str) -> None:
    """The job: forget a decided payout's copy of the payout details, once."""
    payout = await Payout.get_or_none(id=int(key))
    if payout is None or payout.decided_at is None or not payout.details:
        return
    if await Payout.filter(id=payout.id, details=payout.details).update(details="", details_purged_at=clock.now()):
        await purged(AuditAction.PAYOUT_DETAILS_PURGED, AuditTarget.PAYOUT, payout.id, payout.decided_at)
