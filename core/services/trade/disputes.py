"""Disputes: the customer complains, the buyer answers, the two may agree on a refund, else moderators decide.

While a dispute is open the order is frozen by the state machine (a disputed order can only be
resolved). An accepted proposal settles the ledger through `orders.resolve_dispute`, exactly once:
the proposal, the dispute and the order each move by a conditional update.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from tortoise.transactions import in_transaction

from core import clock
from core.config import current_settings
from core.domain.carriers import TrackingStatus
from core.domain.disputes import MAX_EVIDENCE, DisputeStatus, ProposalStatus, check_refund, window_open
from core.domain.money import Money
from core.domain.order_machine import Action, Actor, OrderState
from core.domain.text import clean_text
from core.errors import Forbidden, InvalidInput, InvalidState, NotFound
from core.models.disputes import Dispute, RefundProposal
from core.models.orders import Order, TrackingUpdate
from core.services.runtime import scheduler
from core.services.runtime.notifications import queue
from core.services.trade import orders

ESCALATE = "dispute.escalate"  # the scheduler's job, keyed by the dispute's id, due at its `escalates_at`


@dataclass(frozen=True, slots=True)
class ProposalCard:
    """A refund proposal as the order card shows it."""

    id: int
    proposer: Actor
    refund: Money
    status: ProposalStatus


@dataclass(frozen=True, slots=True)
class DisputeCard:
    """An order's open dispute as one of its two sides (`viewer`) sees it."""

    order_id: int
    viewer: Actor
    reason: str
    photos: int  # how many the customer sent as evidence
    answer: str | None  # the buyer's, once given
    status: DisputeStatus
    escalates_at: datetime  # when the moderators decide, unless the two sides agree first
    pending: ProposalCard | None  # the proposal waiting for an answer, if any
    paid: Money  # what the customer paid and is still held: the most a refund can be


def _subject(order: Order) -> dict[str, Any]:
    return {"order_id": order.id, "title": order.title}


def _check_photos(photos: Sequence[str]) -> list[str]:
    if len(photos) > MAX_EVIDENCE:
        raise InvalidInput("dispute.too_many_photos", max=MAX_EVIDENCE)
    return list(photos)


async def check_can_open(customer_id: int, order_id: int) -> Order:
    """Refuse before the wizard asks anything: not this customer's order, wrong state, or too late."""
    order = await orders.check_action(order_id, customer_id, Action.OPEN_DISPUTE)
    delivered = await TrackingUpdate.filter(order_id=order_id, status=TrackingStatus.DELIVERED).order_by("-id").first()
    days = current_settings().dispute_window_days
    if not window_open(delivered.created_at if delivered else None, clock.now(), days):
        raise InvalidState("dispute.window_closed", days=days)
    return order


async def open_dispute(customer_id: int, order_id: int, reason: str, evidence: Sequence[str] = ()) -> Dispute:
    reason = clean_text(reason, "reason", 2000)
    photos = _check_photos(evidence)
    hours = current_settings().dispute_agreement_hours
    async with in_transaction():
        before = (await check_can_open(customer_id, order_id)).state
        order = await orders.transition(
            order_id, Action.OPEN_DISPUTE, Actor.CUSTOMER, customer_id, note=reason, expected_state=before
        )
        dispute = await Dispute.create(
            order_id=order.id, reason=reason, evidence=photos, escalates_at=clock.now() + timedelta(hours=hours)
        )
        await scheduler.plan(ESCALATE, str(dispute.id), dispute.escalates_at)
        await queue(order.buyer_id, "dispute.opened", **_subject(order), reason=reason, hours=hours)
        return dispute


async def _open_for(order_id: int, user_id: int) -> tuple[Order, Dispute, Actor]:
    order = await orders.get_order(order_id)
    role = orders.party_role(order, user_id)
    dispute = await Dispute.get_or_none(order_id=order_id)
    if dispute is None or order.state is not OrderState.DISPUTED:
        raise InvalidState("dispute.closed")
    return order, dispute, role


async def dispute_card(order: Order, viewer: Actor) -> DisputeCard | None:
    """The order's open dispute as this party sees it; None when there is none (or it predates dispute records)."""
    if order.state is not OrderState.DISPUTED:
        return None
    dispute = await Dispute.get_or_none(order_id=order.id)
    if dispute is None:
        return None
    pending = await RefundProposal.filter(dispute_id=dispute.id, status=ProposalStatus.PENDING).order_by("-id").first()
    return DisputeCard(
        order.id,
        viewer,
        dispute.reason,
        len(dispute.evidence),
        dispute.answer,
        dispute.status,
        dispute.escalates_at,
        _proposal_card(order, pending) if pending else None,
        await orders.escrow_balance(order),
    )


def _proposal_card(order: Order, proposal: RefundProposal) -> ProposalCard:
    proposer = Actor.CUSTOMER if proposal.proposer_id == order.customer_id else Actor.BUYER
    return ProposalCard(proposal.id, proposer, proposal.refund_money, proposal.status)


async def check_can_answer(buyer_id: int, order_id: int) -> tuple[Order, Dispute]:
    order, dispute, role = await _open_for(order_id, buyer_id)
    if role is not Actor.BUYER:
        raise Forbidden("dispute.buyer_only")
    if dispute.answer is not None:
        raise InvalidState("dispute.already_answered")
    return order, dispute


async def answer(buyer_id: int, order_id: int, text: str, photos: Sequence[str] = ()) -> Dispute:
    """The buyer's side of the story, once; moderators read it if the dispute reaches them."""
    text = clean_text(text, "answer", 2000)
    kept = _check_photos(photos)
    async with in_transaction():
        order, dispute = await check_can_answer(buyer_id, order_id)
        if not await Dispute.filter(id=dispute.id, answer=None).update(answer=text, answer_photos=kept):
            raise InvalidState("dispute.already_answered")
        await queue(order.customer_id, "dispute.answered", **_subject(order), answer=text)
        await dispute.refresh_from_db()
        return dispute


async def check_can_propose(user_id: int, order_id: int) -> Money:
    """Refuse a proposal on a dispute already with the moderators; else the most a refund can be."""
    order, dispute, _ = await _open_for(order_id, user_id)
    if dispute.status is not DisputeStatus.OPEN:
        raise InvalidState("dispute.with_moderators")
    return await orders.escrow_balance(order)


async def propose(user_id: int, order_id: int, refund: Money) -> RefundProposal:
    """Either side offers a refund to the customer, the rest to the buyer; it replaces any earlier offer."""
    async with in_transaction():
        check_refund(refund, await check_can_propose(user_id, order_id))
        order, dispute, role = await _open_for(order_id, user_id)
        await RefundProposal.filter(dispute_id=dispute.id, status=ProposalStatus.PENDING).update(
            status=ProposalStatus.SUPERSEDED, answered_at=clock.now()
        )
        proposal = await RefundProposal.create(
            dispute_id=dispute.id, proposer_id=user_id, refund=refund.amount, currency=refund.currency
        )
        other = order.buyer_id if role is Actor.CUSTOMER else order.customer_id
        key = "dispute.customer_proposed" if role is Actor.CUSTOMER else "dispute.buyer_proposed"
        await queue(other, key, **_subject(order), refund=refund.amount, currency=refund.currency)
        return proposal


async def _answer_proposal(user_id: int, proposal_id: int, to: ProposalStatus) -> tuple[Order, RefundProposal]:
    """Move a proposal the other side made from pending to `to`; anything else is refused and changes nothing."""
    proposal = await RefundProposal.get_or_none(id=proposal_id).prefetch_related("dispute")
    if proposal is None:
        raise NotFound("dispute.proposal_not_found")
    order, dispute, _ = await _open_for(proposal.dispute.order_id, user_id)
    if proposal.proposer_id == user_id:
        raise Forbidden("dispute.own_proposal")
    if dispute.status is not DisputeStatus.OPEN:
        raise InvalidState("dispute.with_moderators")
    answered = await RefundProposal.filter(id=proposal.id, status=ProposalStatus.PENDING).update(
        status=to, answered_at=clock.now()
    )
    if not answered:
        raise InvalidState("dispute.proposal_answered")
    await proposal.refresh_from_db()
    return order, proposal


async def accept(user_id: int, proposal_id: int) -> Order:
    """The other side agrees: the customer gets the refund, the buyer the rest minus the fee; the dispute ends."""
    async with in_transaction():
        order, proposal = await _answer_proposal(user_id, proposal_id, ProposalStatus.ACCEPTED)
        if not await Dispute.filter(order_id=order.id, status=DisputeStatus.OPEN).update(
            status=DisputeStatus.SETTLED, closed_at=clock.now()
        ):
            raise InvalidState("dispute.with_moderators")
        await scheduler.drop(ESCALATE, str(proposal.dispute_id))
        refund = proposal.refund_money
        order = await orders.resolve_dispute(order.id, refund, Actor.SYSTEM, user_id, note="agreed refund")
        params = {**_subject(order), "refund": refund.amount, "currency": refund.currency}
        await queue(order.customer_id, "dispute.agreed", **params)
        await queue(order.buyer_id, "dispute.agreed", **params)
        return order


async def decline(user_id: int, proposal_id: int) -> Order:
    """The other side says no; the dispute goes on. Returns the order, as `accept` does."""
    async with in_transaction():
        order, proposal = await _answer_proposal(user_id, proposal_id, ProposalStatus.DECLINED)
        params = {**_subject(order), "refund": proposal.refund, "currency": proposal.currency}
        await queue(proposal.proposer_id, "dispute.declined", **params)
        return order


async def _expire_proposals(dispute_id: int) -> None:
    await RefundProposal.filter(dispute_id=dispute_id, status=ProposalStatus.PENDING).update(
        status=ProposalStatus.EXPIRED, answered_at=clock.now()
    )


async def _escalate(dispute: Dispute) -> bool:
    """Hand one dispute to the moderators if it is still open; False if it was settled or escalated meanwhile."""
    async with in_transaction():
        if not await Dispute.filter(id=dispute.id, status=DisputeStatus.OPEN).update(
            status=DisputeStatus.ESCALATED, escalated_at=clock.now()
        ):
            return False
        await _expire_proposals(dispute.id)
        for user_id in (dispute.order.customer_id, dispute.order.buyer_id):
            await queue(user_id, "dispute.escalated", **_subject(dispute.order))
        return True


async def escalate_dispute(key: str) -> None:
    dispute = await Dispute.get_or_none(id=int(key)).prefetch_related("order")
    if dispute is not None and dispute.escalates_at <= clock.now():
        await _escalate(dispute)


async def escalate_now(dispute_id: int) -> bool:
    """Hand a dispute to the moderators before its time (the demo does, so a new moderator has one to judge)."""
    dispute = await Dispute.get(id=dispute_id).prefetch_related("order")
    return await _escalate(dispute)


async def escalate_overdue_disputes() -> int:
    """Send to the moderators' queue every dispute with no agreement by its `escalates_at`; safe to run any time.

    The scheduler does this for each dispute when it falls due (`ESCALATE`); this sweep is for catching up.
    """
    due = await Dispute.filter(status=DisputeStatus.OPEN, escalates_at__lte=clock.now()).prefetch_related("order")
    return sum([await _escalate(dispute) for dispute in due])


async def close_by_moderator(order_id: int) -> None:
    """A moderator decided the order's dispute (call inside the decision's transaction)."""
    dispute = await Dispute.get_or_none(order_id=order_id)
    if dispute is None:
        return  # opened before disputes had their own record
    await Dispute.filter(id=dispute.id).update(status=DisputeStatus.DECIDED, closed_at=clock.now())
    await _expire_proposals(dispute.id)
    await scheduler.drop(ESCALATE, str(dispute.id))
