"""Planning deadlines and their reminders as scheduled jobs (what happens when they pass: deadline_jobs.py).

An order has one deadline job and one reminder job per reminder time, each re-planned whenever
the order changes state, so only the deadline of the step it waits for now is ever armed.
"""

from datetime import datetime, timedelta

from core import clock
from core.config import current_settings
from core.domain.deadlines import DEADLINE_OF_STATE, Deadline, Durations, deadline_on_entering, reminder_times
from core.domain.order_machine import OrderState
from core.models.orders import Order
from core.services.runtime import scheduler

ORDER_DEADLINE = "order.deadline"
ORDER_REMINDER = "order.reminder"  # key: "<order id>:<hours before>"
REQUEST_EXPIRY = "request.expiry"
REQUEST_REMINDER = "request.reminder"
OFFER_EXPIRY = "offer.expiry"
OFFER_REMINDER = "offer.reminder"


def durations() -> Durations:
    settings = current_settings()
    return Durations(
        deposit=timedelta(hours=settings.deposit_hours),
        purchase=timedelta(days=settings.purchase_days),
        balance=timedelta(days=settings.balance_days),
        confirm_after_shipping=timedelta(days=settings.confirm_days_after_shipping),
        confirm_after_delivery=timedelta(days=settings.confirm_days_after_delivery),
    )


def order_deadline(state: OrderState, days_to_ship: int) -> tuple[Deadline, datetime] | None:
    """The deadline an order entering `state` now gets, if that state waits on anyone."""
    return deadline_on_entering(state, clock.now(), days_to_ship, durations())


def current_deadline(order: Order) -> tuple[Deadline, datetime] | None:
    """The deadline of the step the order waits for now, and when it falls due."""
    deadline = DEADLINE_OF_STATE.get(order.state)
    due = getattr(order, deadline.value) if deadline else None
    return (deadline, due) if deadline and due else None


async def plan_with_reminders(kind: str, reminder_kind: str, key: str, due: datetime | None) -> None:
    """Arm (kind, key) for `due` with its reminders, or disarm them all when `due` is None."""
    hours_before = current_settings().reminder_hours
    if due is None:
        await scheduler.drop(kind, key)
    else:
        await scheduler.plan(kind, key, due)
    ahead = dict(reminder_times(due, clock.now(), hours_before)) if due else {}
    for hours in hours_before:
        reminder_key = f"{key}:{hours}"
        if hours in ahead:
            await scheduler.plan(reminder_kind, reminder_key, ahead[hours])
        else:
            await scheduler.drop(reminder_kind, reminder_key)


async def plan_order(order_id: int, due: datetime | None) -> None:
    """After a transition: the deadline of the step the order now waits for, or none."""
    await plan_with_reminders(ORDER_DEADLINE, ORDER_REMINDER, str(order_id), due)
