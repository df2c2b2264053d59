"""What a prompt tells a person a step on an order will do with the money, so that is what happens.

A person reads a prompt ("cancel? the deposit is refunded in full") and confirms later; meanwhile
the order may move on (the buyer uploads the receipt) and the same step would do something else
(the deposit goes to the buyer). So the bot carries the prompt's `OrderPromise`, as its `digest`,
to the confirmation, and the order service applies the step only while the order still makes
the same promise: checked with the conditional update that moves the order.
"""

import hashlib
from dataclasses import dataclass
from enum import StrEnum

from core.domain.money import Money
from core.domain.order_machine import Action, OrderState
from core.errors import InvalidState


class Outcome(StrEnum):
    """What a person's step does with the money held for the order."""

    NOTHING_PAID = "nothing_paid"  # no money moves
    REFUND = "refund"  # everything held goes back to the customer
    DEPOSIT_TO_BUYER = "deposit_to_buyer"  # the buyer keeps the deposit, minus the platform fee
    RELEASE = "release"  # the buyer is paid everything held, minus the platform fee
    STAYS_HELD = "stays_held"  # no money moves: the step starts the short wait before the order completes by itself


# The steps a person confirms from a prompt, by the state they are taken in. A cancel means a different
# thing in each state; confirming receipt means the same whether or not the buyer marked it delivered.
_OUTCOMES = {
    (OrderState.AWAITING_DEPOSIT, Action.CANCEL): Outcome.NOTHING_PAID,
    (OrderState.DEPOSIT_PAID, Action.CANCEL): Outcome.REFUND,
    (OrderState.AWAITING_BALANCE, Action.CANCEL): Outcome.DEPOSIT_TO_BUYER,
    (OrderState.SHIPPED, Action.CONFIRM_RECEIPT): Outcome.RELEASE,
    (OrderState.DELIVERED, Action.CONFIRM_RECEIPT): Outcome.RELEASE,
    (OrderState.SHIPPED, Action.MARK_DELIVERED): Outcome.STAYS_HELD,
}


def outcome_of(state: OrderState, action: Action) -> Outcome:
    """What `action` does with the money in `state`; refused as the order machine refuses a step it has no row for."""
    outcome = _OUTCOMES.get((state, action))
    if outcome is None:
        raise InvalidState("order.invalid_transition", state=state.value, action=action.value)
    return outcome


@dataclass(frozen=True, slots=True)
class OrderPromise:
    """One step on one order as a prompt states it: the outcome, and the amounts the prompt shows."""

    order_id: int
    action: Action
    outcome: Outcome
    total: Money
    deposit: Money
    held: Money  # what escrow holds for the order now: what a release pays out (less than the total after a refund)
    fee: Money  # the platform's fee on `held`, kept back when it is released to the buyer

    @property
    def to_buyer(self) -> Money:
        """What the buyer receives when `held` is released."""
        return Money(self.held.amount - self.fee.amount, self.held.currency)

    @property
    def digest(self) -> str:
        """Short enough for a button's callback data (64 bytes); two promises differ, their digests differ."""
        said = "|".join(
            map(
                str,
                (
                    self.order_id,
                    self.action,
                    self.outcome,
                    self.total.currency,
                    self.total.amount,
                    self.deposit.amount,
                    self.held.amount,
                    self.fee.amount,
                ),
            )
        )
        return hashlib.blake2s(said.encode(), digest_size=6).hexdigest()
