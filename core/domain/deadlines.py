"""Order deadlines: which step each state waits for, by when, and who must act before it passes.

Each state that waits on someone has exactly one deadline; entering the state sets it, leaving
the state makes it moot. What happens when one passes is the deadline service's business.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from core.domain.order_machine import Actor, OrderState


class Deadline(StrEnum):
    DEPOSIT_BY = "deposit_by"  # the customer pays the deposit; until then the order holds stock and the buyer's bond
    PURCHASE_BY = "purchase_by"  # the buyer buys the item and uploads the receipt
    BALANCE_BY = "balance_by"  # the customer pays the balance
    SHIP_BY = "ship_by"  # the buyer ships, counted from the balance so a slow payer never makes a buyer late
    CONFIRM_BY = "confirm_by"  # the customer confirms or disputes; after it the order completes by itself


DEADLINE_OF_STATE = {
    OrderState.AWAITING_DEPOSIT: Deadline.DEPOSIT_BY,
    OrderState.DEPOSIT_PAID: Deadline.PURCHASE_BY,
    OrderState.AWAITING_BALANCE: Deadline.BALANCE_BY,
    OrderState.BALANCE_PAID: Deadline.SHIP_BY,
    OrderState.SHIPPED: Deadline.CONFIRM_BY,
    OrderState.DELIVERED: Deadline.CONFIRM_BY,
}

WHO_MUST_ACT = {
    Deadline.DEPOSIT_BY: Actor.CUSTOMER,
    Deadline.PURCHASE_BY: Actor.BUYER,
    Deadline.BALANCE_BY: Actor.CUSTOMER,
    Deadline.SHIP_BY: Actor.BUYER,
    Deadline.CONFIRM_BY: Actor.CUSTOMER,
}

# Missing these is the buyer's failure: the order is refunded and the buyer's on-time rate counts it.
BUYER_FAILURES = frozenset({Deadline.PURCHASE_BY, Deadline.SHIP_BY})


@dataclass(frozen=True, slots=True)
class Durations:
    deposit: timedelta
    purchase: timedelta
    balance: timedelta
    confirm_after_shipping: timedelta
    confirm_after_delivery: timedelta


def deadline_on_entering(
    state: OrderState, entered_at: datetime, days_to_ship: int, durations: Durations
) -> tuple[Deadline, datetime] | None:
    """The deadline an order gets when it enters `state` at `entered_at`, if that state waits on anyone."""
    deadline = DEADLINE_OF_STATE.get(state)
    if deadline is None:
        return None
    length = {
        Deadline.DEPOSIT_BY: durations.deposit,
        Deadline.PURCHASE_BY: durations.purchase,
        Deadline.BALANCE_BY: durations.balance,
        Deadline.SHIP_BY: timedelta(days=days_to_ship),
        Deadline.CONFIRM_BY: (
            durations.confirm_after_delivery if state is OrderState.DELIVERED else durations.confirm_after_shipping
        ),
    }[deadline]
    return deadline, entered_at + length


def reminder_times(due: datetime, now: datetime, hours_before: tuple[int, ...]) -> list[tuple[int, datetime]]:
    """(hours before, when) for each reminder still ahead; one that would already be due is skipped."""
    return [(hours, due - timedelta(hours=hours)) for hours in hours_before if due - timedelta(hours=hours) > now]
