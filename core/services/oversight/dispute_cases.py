"""A dispute as moderators judge it: the queue of those the two sides could not settle, and each case."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from tortoise.expressions import Subquery
from tortoise.queryset import QuerySet

from core.domain.disputes import DisputeStatus, ProposalStatus
from core.domain.money import Money
from core.domain.order_machine import OrderState
from core.models.disputes import Dispute, RefundProposal
from core.models.orders import Order
from core.services.oversight.order_records import OrderRecord
from core.services.oversight.user_links import UserLink, link_to


def disputes_for_moderators() -> QuerySet[Order]:
    """Disputed orders whose two sides did not agree in time (and any opened before disputes had a record).

    The one definition of the disputes queue: the queue lists these and the dashboard counts them, while a
    dispute still open to agreement is the two sides' business.
    """
    negotiating = Subquery(Dispute.filter(status=DisputeStatus.OPEN).values("order_id"))
    return Order.filter(state=OrderState.DISPUTED).exclude(id__in=negotiating)


@dataclass(frozen=True, slots=True)
class DisputeLine:
    """A disputed order waiting for the moderators."""

    id: int  # the order's
    title: str
    total: Money
    customer: UserLink
    buyer: UserLink
    complaint: str | None  # None for a dispute opened before disputes had their own record
    since: datetime


async def complaints_about(order_ids: Collection[int]) -> dict[int, str]:
    """The customer's complaint about each of these orders that has a dispute record, in one query."""
    return dict(await Dispute.filter(order_id__in=order_ids).values_list("order_id", "reason"))


def line_of_dispute(order: Order, complaint: str | None) -> DisputeLine:
    """From an order read with its customer and buyer."""
    return DisputeLine(
        order.id,
        order.title,
        order.total_money,
        link_to(order.customer),
        link_to(order.buyer),
        complaint,
        order.updated_at,
    )


@dataclass(frozen=True, slots=True)
class Complaint:
    """The customer's complaint and the buyer's answer."""

    status: DisputeStatus
    created_at: datetime
    reason: str
    evidence: tuple[str, ...]  # Telegram file ids
    answer: str | None
    answer_photos: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Proposal:
    """A refund one side proposed to the other."""

    created_at: datetime
    proposer: UserLink
    refund: Money
    status: ProposalStatus


@dataclass(frozen=True, slots=True)
class DisputeCase:
    record: OrderRecord
    bond: tuple[Money, ...]  # the buyer's bond, per currency
    dispute: Complaint | None  # None for a dispute opened before disputes had their own record
    proposals: tuple[Proposal, ...]  # oldest first


def complaint_of(dispute: Dispute) -> Complaint:
    return Complaint(
        dispute.status,
        dispute.created_at,
        dispute.reason,
        tuple(dispute.evidence),
        dispute.answer,
        tuple(dispute.answer_photos),
    )


def proposal_of(proposal: RefundProposal) -> Proposal:
    """From a proposal read with its proposer."""
    return Proposal(proposal.created_at, link_to(proposal.proposer), proposal.refund_money, proposal.status)
