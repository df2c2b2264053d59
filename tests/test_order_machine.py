"""The order state machine as a table: who may do what, from which state."""

import pytest

from core.domain.order_machine import (
    FINAL_STATES,
    TRANSITIONS,
    Action,
    Actor,
    OrderState,
    allowed_actions,
    next_state,
)
from core.errors import Forbidden, InvalidState

HAPPY_PATH = [
    (Action.PAY_DEPOSIT, Actor.SYSTEM, OrderState.DEPOSIT_PAID),
    (Action.UPLOAD_RECEIPT, Actor.BUYER, OrderState.PURCHASED),
    (Action.REQUEST_BALANCE, Actor.SYSTEM, OrderState.AWAITING_BALANCE),
    (Action.PAY_BALANCE, Actor.SYSTEM, OrderState.BALANCE_PAID),
    (Action.SHIP, Actor.BUYER, OrderState.SHIPPED),
    (Action.MARK_DELIVERED, Actor.CUSTOMER, OrderState.DELIVERED),
    (Action.CONFIRM_RECEIPT, Actor.CUSTOMER, OrderState.COMPLETED),
]


def test_the_happy_path_runs_from_deposit_to_completion() -> None:
    state = OrderState.AWAITING_DEPOSIT
    for action, actor, expected in HAPPY_PATH:
        state = next_state(state, action, actor)
        assert state is expected


def test_final_states_allow_nothing() -> None:
    for state in FINAL_STATES:
        for actor in Actor:
            assert allowed_actions(state, actor) == []


def test_every_state_but_the_final_ones_can_be_left() -> None:
    sources = {state for state, _ in TRANSITIONS}
    assert sources == set(OrderState) - FINAL_STATES


def test_a_customer_cannot_pretend_to_have_shipped() -> None:
    with pytest.raises(Forbidden):
        next_state(OrderState.BALANCE_PAID, Action.SHIP, Actor.CUSTOMER)


def test_nobody_ships_before_the_balance_is_paid() -> None:
    for actor in Actor:
        with pytest.raises(InvalidState):
            next_state(OrderState.AWAITING_BALANCE, Action.SHIP, actor)


def test_payments_are_moved_only_by_the_system() -> None:
    for actor in (Actor.CUSTOMER, Actor.BUYER, Actor.MODERATOR):
        with pytest.raises(Forbidden):
            next_state(OrderState.AWAITING_DEPOSIT, Action.PAY_DEPOSIT, actor)


def test_disputes_are_opened_by_customers_and_settled_by_moderators() -> None:
    assert next_state(OrderState.SHIPPED, Action.OPEN_DISPUTE, Actor.CUSTOMER) is OrderState.DISPUTED
    with pytest.raises(Forbidden):
        next_state(OrderState.SHIPPED, Action.OPEN_DISPUTE, Actor.BUYER)
    with pytest.raises(Forbidden):
        next_state(OrderState.DISPUTED, Action.RESOLVE_REFUND, Actor.CUSTOMER)
    with pytest.raises(InvalidState):
        next_state(OrderState.AWAITING_DEPOSIT, Action.OPEN_DISPUTE, Actor.CUSTOMER)


def test_only_the_customer_marks_an_order_delivered_the_buyer_only_asks() -> None:
    who = {Action.ASK_DELIVERED: Actor.BUYER, Action.NOT_YET_DELIVERED: Actor.CUSTOMER}
    for action, actor in {**who, Action.MARK_DELIVERED: Actor.CUSTOMER}.items():
        other = Actor.CUSTOMER if actor is Actor.BUYER else Actor.BUYER
        with pytest.raises(Forbidden):
            next_state(OrderState.SHIPPED, action, other)
        with pytest.raises(InvalidState):  # asked and answered only while the parcel is on its way
            next_state(OrderState.DELIVERED, action, actor)
    for action, actor in who.items():  # a question or a "not yet" changes no state, so no deadline
        assert next_state(OrderState.SHIPPED, action, actor) is OrderState.SHIPPED
    assert next_state(OrderState.SHIPPED, Action.MARK_DELIVERED, Actor.CUSTOMER) is OrderState.DELIVERED


def test_buttons_shown_match_the_table() -> None:
    assert allowed_actions(OrderState.SHIPPED, Actor.CUSTOMER) == [
        Action.NOT_YET_DELIVERED,
        Action.MARK_DELIVERED,
        Action.CONFIRM_RECEIPT,
        Action.OPEN_DISPUTE,
    ]
    assert allowed_actions(OrderState.SHIPPED, Actor.BUYER) == [Action.ASK_DELIVERED]
    assert allowed_actions(OrderState.DEPOSIT_PAID, Actor.BUYER) == [Action.UPLOAD_RECEIPT, Action.CANCEL]
