"""Dispute rules that need no database: how a dispute ends, how long a customer may complain, which refunds fit."""

from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from core.domain.money import Money, parse_fee
from core.errors import InvalidInput

MAX_EVIDENCE = 5  # photos with a complaint, and with the buyer's answer


class DisputeStatus(StrEnum):
    OPEN = "open"  # the two sides may still agree
    ESCALATED = "escalated"  # no agreement in time: in the moderators' queue
    SETTLED = "settled"  # by an accepted proposal
    DECIDED = "decided"  # by a moderator


class ProposalStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    SUPERSEDED = "superseded"  # a newer proposal replaced it
    EXPIRED = "expired"  # the dispute went to the moderators, or they decided it


def window_open(delivered_at: datetime | None, now: datetime, days: int) -> bool:
    """Before delivery a customer may always complain; after it, for `days` days."""
    return delivered_at is None or now <= delivered_at + timedelta(days=days)


def check_refund(refund: Money, paid: Money) -> Money:
    """A refund both sides could agree on: more than nothing, at most what the customer paid."""
    if refund.currency != paid.currency or not 0 < refund.amount <= paid.amount:
        raise InvalidInput("dispute.refund_range", max=paid.amount, currency=paid.currency)
    return refund


def read_refund(text: str, paid: Money) -> Money:
    """A refund as people type it: a share of what was paid (`40%`) or an amount (`5120`, `¥5,120`)."""
    typed = text.strip()
    if not typed.endswith("%"):
        return check_refund(parse_fee(typed, paid.currency), paid)
    try:
        percent = Decimal(typed.removesuffix("%").strip())
    except InvalidOperation:
        raise InvalidInput("money.not_a_number", value=typed[:40]) from None
    if not percent.is_finite() or not 0 < percent <= 100:
        raise InvalidInput("dispute.refund_range", max=paid.amount, currency=paid.currency)
    return check_refund(paid.percent(percent), paid)
