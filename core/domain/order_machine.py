"""The order state machine: one explicit table of (state, action) -> (next state, who may do it).

Listings and accepted offers share it. Money side effects live in the order service; this
module only says what is allowed.
"""

from dataclasses import dataclass
from enum import StrEnum

from core.errors import Forbidden, InvalidState


class OrderState(StrEnum):
    AWAITING_DEPOSIT = "awaiting_deposit"
    DEPOSIT_PAID = "deposit_paid"
    PURCHASED = "purchased"
    AWAITING_BALANCE = "awaiting_balance"
    BALANCE_PAID = "balance_paid"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    REFUNDED = "refunded"
    DISPUTED = "disputed"


class Action(StrEnum):
    PAY_DEPOSIT = "pay_deposit"
    UPLOAD_RECEIPT = "upload_receipt"
    REQUEST_BALANCE = "request_balance"
    PAY_BALANCE = "pay_balance"
    SHIP = "ship"
    ASK_DELIVERED = "ask_delivered"  # the buyer says the parcel arrived: the customer is asked, nothing else changes
    MARK_DELIVERED = "mark_delivered"  # the customer says it arrived: the short confirm-by window starts
    NOT_YET_DELIVERED = "not_yet_delivered"  # the customer answers the buyer's question: not yet
    CONFIRM_RECEIPT = "confirm_receipt"
    AUTO_COMPLETE = "auto_complete"
    CANCEL = "cancel"
    REFUND = "refund"
    OPEN_DISPUTE = "open_dispute"
    RESOLVE_RELEASE = "resolve_release"
    RESOLVE_REFUND = "resolve_refund"


class Actor(StrEnum):
    CUSTOMER = "customer"
    BUYER = "buyer"
    MODERATOR = "moderator"
    SYSTEM = "system"  # payments, deadlines and other automatic steps


@dataclass(frozen=True, slots=True)
class Transition:
    target: OrderState
    actors: frozenset[Actor]


def _t(target: OrderState, *actors: Actor) -> Transition:
    return Transition(target, frozenset(actors))


S, A, R = OrderState, Action, Actor
_PAID_NOT_SHIPPED = (S.DEPOSIT_PAID, S.PURCHASED, S.AWAITING_BALANCE, S.BALANCE_PAID)

TRANSITIONS: dict[tuple[OrderState, Action], Transition] = {
    (S.AWAITING_DEPOSIT, A.PAY_DEPOSIT): _t(S.DEPOSIT_PAID, R.SYSTEM),
    (S.AWAITING_DEPOSIT, A.CANCEL): _t(S.CANCELLED, R.CUSTOMER, R.BUYER, R.MODERATOR, R.SYSTEM),
    (S.DEPOSIT_PAID, A.UPLOAD_RECEIPT): _t(S.PURCHASED, R.BUYER),
    # Before the buyer has spent anything, either side may back out and the customer gets it all back.
    (S.DEPOSIT_PAID, A.CANCEL): _t(S.REFUNDED, R.CUSTOMER, R.BUYER, R.MODERATOR, R.SYSTEM),
    (S.PURCHASED, A.REQUEST_BALANCE): _t(S.AWAITING_BALANCE, R.SYSTEM),
    (S.AWAITING_BALANCE, A.PAY_BALANCE): _t(S.BALANCE_PAID, R.SYSTEM),
    # The buyer bought the item on the customer's word: a customer who walks away loses the deposit.
    (S.AWAITING_BALANCE, A.CANCEL): _t(S.CANCELLED, R.CUSTOMER, R.MODERATOR, R.SYSTEM),
    (S.BALANCE_PAID, A.SHIP): _t(S.SHIPPED, R.BUYER),
    # Delivery shortens the customer's protection (confirm-by, the dispute window), so the buyer's word only
    # asks the customer (core/domain/delivery.py says when); the customer's yes is what marks it delivered.
    (S.SHIPPED, A.ASK_DELIVERED): _t(S.SHIPPED, R.BUYER),
    (S.SHIPPED, A.NOT_YET_DELIVERED): _t(S.SHIPPED, R.CUSTOMER),
    (S.SHIPPED, A.MARK_DELIVERED): _t(S.DELIVERED, R.CUSTOMER, R.SYSTEM),
    (S.SHIPPED, A.CONFIRM_RECEIPT): _t(S.COMPLETED, R.CUSTOMER),
    (S.DELIVERED, A.CONFIRM_RECEIPT): _t(S.COMPLETED, R.CUSTOMER),
    # Shipped with tracking or delivered, and not disputed by the confirm-by deadline.
    (S.SHIPPED, A.AUTO_COMPLETE): _t(S.COMPLETED, R.SYSTEM),
    (S.DELIVERED, A.AUTO_COMPLETE): _t(S.COMPLETED, R.SYSTEM),
    **{(state, A.REFUND): _t(S.REFUNDED, R.MODERATOR, R.SYSTEM) for state in _PAID_NOT_SHIPPED},
    **{(state, A.OPEN_DISPUTE): _t(S.DISPUTED, R.CUSTOMER) for state in (*_PAID_NOT_SHIPPED, S.SHIPPED, S.DELIVERED)},
    (S.DISPUTED, A.RESOLVE_RELEASE): _t(S.COMPLETED, R.MODERATOR, R.SYSTEM),
    (S.DISPUTED, A.RESOLVE_REFUND): _t(S.REFUNDED, R.MODERATOR, R.SYSTEM),
}

FINAL_STATES = frozenset({S.COMPLETED, S.CANCELLED, S.REFUNDED})


def next_state(state: OrderState, action: Action, actor: Actor) -> OrderState:
    """The state `action` leads to, or a domain error saying why it is refused."""
    transition = TRANSITIONS.get((state, action))
    if transition is None:
        raise InvalidState("order.invalid_transition", state=state.value, action=action.value)
    if actor not in transition.actors:
        raise Forbidden("order.actor_not_allowed", action=action.value, actor=actor.value)
    return transition.target


def allowed_actions(state: OrderState, actor: Actor) -> list[Action]:
    """What `actor` may do now: the bot shows exactly these buttons."""
    return [action for (st, action), tr in TRANSITIONS.items() if st == state and actor in tr.actors]
