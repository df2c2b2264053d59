"""Whether a parcel arrived is the customer's word: the buyer may only ask, once at a time and not too often.

The buyer's "delivered" asks the customer; the question stays open until the customer answers (yes marks the
order delivered, "not yet" keeps its dates). While it is open the buyer cannot ask again, and after a "not yet"
only once `ASK_AGAIN_AFTER` has passed, so a customer is never pestered.
"""

from datetime import datetime, timedelta

from core.errors import InvalidState

ASK_AGAIN_AFTER = timedelta(hours=24)


def question_open(asked_at: datetime | None, answered_at: datetime | None) -> bool:
    """The buyer asked and the customer has not said "not yet" since."""
    return asked_at is not None and (answered_at is None or answered_at < asked_at)


def check_may_ask(asked_at: datetime | None, answered_at: datetime | None, now: datetime) -> None:
    """Refuse a question while one is open, or sooner than `ASK_AGAIN_AFTER` after a "not yet"."""
    if question_open(asked_at, answered_at):
        raise InvalidState("order.delivery_asked_already")
    if answered_at is not None and now < answered_at + ASK_AGAIN_AFTER:
        raise InvalidState("order.delivery_not_yet_recently", hours=int(ASK_AGAIN_AFTER.total_seconds() // 3600))


def check_may_say_not_yet(asked_at: datetime | None, answered_at: datetime | None) -> None:
    """ "Not yet" answers an open question; a second press, or one with no question, changes nothing."""
    if not question_open(asked_at, answered_at):
        raise InvalidState("order.delivery_not_asked")
