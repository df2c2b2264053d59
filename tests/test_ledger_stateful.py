"""Random lives of orders and bonds, checked against a model of where every minor unit should be.

Hypothesis drives sequences of orders being created, paid (right, wrong, twice), bought, shipped,
confirmed, cancelled, refunded and disputed, and of bonds being posted, handed back and forfeited,
with idempotency keys replayed. The model predicts which steps succeed and where the money goes;
a step the domain refuses must leave every balance, transfer, payment and order exactly as it was.
After every step the ledger must balance and agree with the model.

The services are async on the session's event loop while Hypothesis state machines are sync, so
the machine runs in a worker thread and hands each coroutine to the loop.
"""

import asyncio
import itertools
from collections import Counter
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, ClassVar, TypeVar

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from tortoise.contrib.test import truncate_all_models

from core.domain.invoices import PaymentPurpose
from core.domain.ledger import Purpose
from core.domain.money import Money
from core.domain.order_machine import Actor, OrderState
from core.errors import DomainError, IdempotencyConflict
from core.models.ledger import Account, Entry, Payment, Transfer
from core.models.orders import Order, OrderEvent
from core.models.users import User
from core.services.money import ledger, payments
from core.services.money.ledger import AccountKey
from core.services.trade import disputes, orders
from tests import factories
from tests.ledger_checks import assert_ledger_balances

T = TypeVar("T")
S = OrderState
CURRENCIES = ("JPY", "USD")
PAID_NOT_SHIPPED = (S.DEPOSIT_PAID, S.AWAITING_BALANCE, S.BALANCE_PAID)
DISPUTABLE = (*PAID_NOT_SHIPPED, S.SHIPPED, S.DELIVERED)
ON_THE_WAY = (S.AWAITING_DEPOSIT, *PAID_NOT_SHIPPED, S.SHIPPED, S.DELIVERED)
_charge_ids = itertools.count(1)
_bond_keys = itertools.count(1)


@dataclass
class OrderModel:
    """What the model believes about one order; `flows` counts escrow movements by (kind, currency)."""

    id: int
    customer_id: int
    buyer_id: int
    currency: str
    deposit: int
    balance: int
    fee_percent: Decimal
    state: OrderState = S.AWAITING_DEPOSIT
    flows: Counter[tuple[str, str]] = field(default_factory=Counter)

    def held(self, currency: str | None = None) -> int:
        cur = currency or self.currency
        return self.flows["capture", cur] - self.flows["release", cur] - self.flows["refund", cur]


@dataclass(frozen=True)
class Charge:
    charge_id: str
    payment_id: int


@dataclass(frozen=True)
class BondMove:
    key: str
    kind: str  # post | release | forfeit
    buyer_id: int
    amount: Money
    customer_id: int | None
    order_id: int | None
    transfer_id: int


Snapshot = tuple[Any, ...]


async def snapshot() -> Snapshot:
    """Everything a refused step must leave untouched."""
    accounts = await Account.all().order_by("id").values_list("id", "currency", "balance")
    transfers = await Transfer.all().order_by("id").values_list("id", "idempotency_key", "fingerprint")
    entries = await Entry.all().count()
    paid = await Payment.all().order_by("id").values_list("id", "telegram_payment_charge_id", "applied")
    states = await Order.all().order_by("id").values_list("id", "state")
    events = await OrderEvent.all().count()
    return tuple(accounts), tuple(transfers), entries, tuple(paid), tuple(states), events


def _price(currency: str, item: int, quantity: int, service: int, shipping: int) -> orders.Price:
    return orders.Price(Money(item, currency), quantity, Money(service, currency), Money(shipping, currency))


PRICES = st.builds(
    _price,
    st.sampled_from(CURRENCIES),
    st.integers(400, 30_000),  # from ¥400 and US$4.00, a deposit Telegram takes (tests/test_payment_limits.py)
    st.integers(1, 3),
    st.integers(0, 1_000),
    st.integers(0, 2_000),
)


def fee_of(amount: int, percent: Decimal) -> int:
    return int((Decimal(amount) * percent / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


class LedgerMachine(RuleBasedStateMachine):
    loop: ClassVar[asyncio.AbstractEventLoop]

    def __init__(self) -> None:
        super().__init__()
        self.orders: list[OrderModel] = []
        self.customers: list[int] = []
        self.buyers: list[int] = []
        # Expected balance of every account but the clearing one, which mirrors the outside world.
        self.balances: Counter[tuple[AccountKey, str]] = Counter()
        self.transfers = 0
        self.charges: list[Charge] = []
        self.bond_moves: list[BondMove] = []
        self.steps = 0  # calls into the services so far; the books are read again after each
        self._books: tuple[int, Books] | None = None

    # -- plumbing -------------------------------------------------------------------------------

    def run(self, awaitable: Awaitable[T]) -> T:
        """Await on the test's event loop (where the database lives) and wait for the answer."""

        async def on_loop() -> T:
            return await awaitable

        return asyncio.run_coroutine_threadsafe(on_loop(), self.loop).result(timeout=60)

    def step(
        self, action: Callable[[], Awaitable[T]], look: bool
    ) -> tuple[T | None, DomainError | None, Snapshot | None, Snapshot | None]:
        """Run one call on the loop: its result or domain error, and (if `look`) the picture around it."""

        self.steps += 1

        async def go() -> tuple[T | None, DomainError | None, Snapshot | None, Snapshot | None]:
            before = await snapshot() if look else None
            try:
                result = await action()
            except DomainError as exc:
                return None, exc, before, await snapshot() if look else None
            return result, None, before, await snapshot() if look else None

        return self.run(go())

    def attempt(self, action: Callable[[], Awaitable[T]], succeeds: bool) -> T | None:
        """Run a step the model expects to succeed, or to be refused without changing anything."""
        # A step expected to succeed is checked against the model by the invariants; only one
        # expected to be refused needs the picture before and after.
        result, error, before, after = self.step(action, look=not succeeds)
        if succeeds:
            assert error is None, f"the model expected success, the domain said {error!r}"
        else:
            assert error is not None, "the model expected a refusal, the domain accepted"
            assert after == before, f"refused with {error!r} but something changed"
        return result

    def replay(self, action: Callable[[], Awaitable[T]]) -> T:
        """Run a step that repeats an earlier one: it must be answered and change nothing."""
        result, error, before, after = self.step(action, look=True)
        assert error is None, f"a replay was refused: {error!r}"
        assert after == before, "a replay changed something"
        assert result is not None
        return result

    def expect_refusal(self, action: Callable[[], Awaitable[object]], refusal: type[DomainError]) -> None:
        _, error, before, after = self.step(action, look=True)
        assert isinstance(error, refusal), f"expected {refusal.__name__}, got {error!r}"
        assert after == before, f"refused with {error!r} but something changed"

    # -- the model's bookkeeping ----------------------------------------------------------------

    def move(self, source: AccountKey | None, target: AccountKey, currency: str, amount: int) -> None:
        if source is not None:
            self.balances[source, currency] -= amount
        self.balances[target, currency] += amount

    def capture(self, order: OrderModel, paid: Money) -> None:
        self.move(None, ledger.escrow_of(order.id), paid.currency, paid.amount)
        order.flows["capture", paid.currency] += paid.amount
        self.transfers += 1

    def refund(self, order: OrderModel, to_user: int, amount: Money) -> None:
        self.move(ledger.escrow_of(order.id), ledger.refunds_of(to_user), amount.currency, amount.amount)
        order.flows["refund", amount.currency] += amount.amount
        self.transfers += 1

    def release(self, order: OrderModel, amount: int) -> None:
        fee = fee_of(amount, order.fee_percent)
        self.balances[ledger.escrow_of(order.id), order.currency] -= amount
        self.balances[ledger.earnings_of(order.buyer_id), order.currency] += amount - fee
        self.balances[ledger.FEES, order.currency] += fee
        order.flows["release", order.currency] += amount
        self.transfers += 1

    def refund_all(self, order: OrderModel) -> None:
        if order.held():
            self.refund(order, order.customer_id, Money(order.held(), order.currency))

    def release_all(self, order: OrderModel) -> None:
        if order.held():
            self.release(order, order.held())

    # -- setting the scene ----------------------------------------------------------------------

    @initialize(data=st.data(), under_way=st.lists(st.tuples(st.integers(0, 5), st.booleans()), max_size=3))
    def people_and_orders(self, data: st.DataObject, under_way: list[tuple[int, bool]]) -> None:
        """Two customers and two buyers; and orders already some way along when the story starts."""

        async def setup() -> tuple[list[User], list[User]]:
            await truncate_all_models()
            shoppers = [await factories.customer("Alice"), await factories.customer("Chen")]
            sellers = [await factories.buyer("Bob", bond=None), await factories.buyer("Dai", bond=None)]
            return shoppers, sellers

        shoppers, sellers = self.run(setup())
        self.buyers = [u.id for u in sellers]
        # Buyers shop too: anyone may be a customer, but nobody can order from themselves.
        self.customers = [u.id for u in shoppers] + self.buyers
        for steps, disputed in under_way:
            customer_id = data.draw(st.sampled_from(self.customers), label="customer")
            buyer_id = data.draw(st.sampled_from(self.buyers), label="buyer")
            order = self.do_create_order(customer_id, buyer_id, data.draw(PRICES, label="price"))
            if order is None:
                continue
            for _ in range(steps):
                if order.state in ON_THE_WAY:
                    self.advance_order(order)
            if disputed:
                self.do_open_dispute(order)

    # -- orders ---------------------------------------------------------------------------------

    def do_create_order(self, customer_id: int, buyer_id: int, price: orders.Price) -> OrderModel | None:
        created = self.attempt(
            lambda: orders.create_order(customer_id, buyer_id, "Shiseido Ultimune 75ml", price, 7),
            succeeds=customer_id != buyer_id,
        )
        if created is None:
            return None
        assert created.deposit_amount >= 1
        assert created.deposit_amount + created.balance_amount == created.total == price.total.amount
        order = OrderModel(
            id=created.id,
            customer_id=customer_id,
            buyer_id=buyer_id,
            currency=price.total.currency,
            deposit=created.deposit_amount,
            balance=created.balance_amount,
            fee_percent=created.platform_fee_percent,
        )
        self.orders.append(order)
        return order

    # A few orders at a time, so that each lives long enough to be paid, shipped and disputed.
    @precondition(lambda self: len(self.orders) < 4)
    @rule(data=st.data(), price=PRICES)
    def create_order(self, data: st.DataObject, price: orders.Price) -> None:
        customer_id = data.draw(st.sampled_from(self.customers), label="customer")
        buyer_id = data.draw(st.sampled_from(self.buyers), label="buyer")
        self.do_create_order(customer_id, buyer_id, price)

    def pick(self, data: st.DataObject, fitting: Collection[OrderState]) -> OrderModel:
        """Mostly an order the step fits, so lives go somewhere; sometimes any, to be refused."""
        candidates = [o for o in self.orders if o.state in fitting]
        if candidates and data.draw(st.integers(0, 3), label="fitting") > 0:
            return data.draw(st.sampled_from(candidates), label="order")
        return data.draw(st.sampled_from(self.orders), label="any order")

    def do_pay(self, order: OrderModel, purpose: PaymentPurpose, payer: int, paid: Money) -> None:
        charge_id = f"tg-charge-{next(_charge_ids)}"
        due = Money(order.deposit if purpose is PaymentPurpose.DEPOSIT else order.balance, order.currency)
        due_in = S.AWAITING_DEPOSIT if purpose is PaymentPurpose.DEPOSIT else S.AWAITING_BALANCE
        applies = payer == order.customer_id and order.state is due_in and paid == due
        recorded = self.attempt(
            lambda: payments.record_payment(charge_id, payer, order.id, purpose, paid),
            succeeds=paid.amount > 0,
        )
        if recorded is None:
            return
        assert recorded.applied is applies
        self.charges.append(Charge(charge_id, recorded.id))
        self.capture(order, paid)
        if not applies:
            # Money that cannot be used is captured and at once handed back to whoever paid it.
            self.refund(order, payer, paid)
        else:
            order.state = S.DEPOSIT_PAID if purpose is PaymentPurpose.DEPOSIT else S.BALANCE_PAID

    def do_upload_receipt(self, order: OrderModel, user: int) -> None:
        ok = user == order.buyer_id and order.state is S.DEPOSIT_PAID
        self.attempt(lambda: orders.upload_receipt(user, order.id, "receipt-photo"), succeeds=ok)
        if ok:
            # With everything paid up front (a one-minor-unit total, or a 100% deposit) no balance
            # falls due, and the order must not wait for a payment of nothing that can never come.
            order.state = S.AWAITING_BALANCE if order.balance else S.BALANCE_PAID

    def do_ship(self, order: OrderModel) -> None:
        ok = order.state is S.BALANCE_PAID
        self.attempt(lambda: orders.ship(order.buyer_id, order.id, "Japan Post", "RR123456789JP"), succeeds=ok)
        if ok:
            order.state = S.SHIPPED

    def do_confirm_receipt(self, order: OrderModel, user: int) -> None:
        ok = user == order.customer_id and order.state in (S.SHIPPED, S.DELIVERED)
        self.attempt(lambda: orders.confirm_receipt(user, order.id), succeeds=ok)
        if ok:
            self.release_all(order)
            order.state = S.COMPLETED

    def advance_order(self, order: OrderModel) -> None:
        """The next step of the happy path, taken by the right person."""
        if order.state is S.AWAITING_DEPOSIT:
            deposit = Money(order.deposit, order.currency)
            self.do_pay(order, PaymentPurpose.DEPOSIT, order.customer_id, deposit)
        elif order.state is S.DEPOSIT_PAID:
            self.do_upload_receipt(order, order.buyer_id)
        elif order.state is S.AWAITING_BALANCE:
            balance = Money(order.balance, order.currency)
            self.do_pay(order, PaymentPurpose.BALANCE, order.customer_id, balance)
        elif order.state is S.BALANCE_PAID:
            self.do_ship(order)
        else:
            self.do_confirm_receipt(order, order.customer_id)

    @precondition(lambda self: any(o.state in ON_THE_WAY for o in self.orders))
    @rule(data=st.data())
    def advance(self, data: st.DataObject) -> None:
        order = data.draw(st.sampled_from([o for o in self.orders if o.state in ON_THE_WAY]), label="order")
        self.advance_order(order)

    @precondition(lambda self: self.orders)
    @rule(
        data=st.data(),
        purpose=st.sampled_from([PaymentPurpose.DEPOSIT, PaymentPurpose.BALANCE]),
        how=st.sampled_from(["exact", "wrong_amount", "wrong_currency", "stranger", "replay"]),
    )
    def pay(self, data: st.DataObject, purpose: PaymentPurpose, how: str) -> None:
        due_in = S.AWAITING_DEPOSIT if purpose is PaymentPurpose.DEPOSIT else S.AWAITING_BALANCE
        order = self.pick(data, [due_in])
        due = order.deposit if purpose is PaymentPurpose.DEPOSIT else order.balance
        payer, paid = order.customer_id, Money(due, order.currency)
        if how == "replay" and self.charges:
            # Telegram delivers the same successful payment again, whatever it now says.
            earlier = data.draw(st.sampled_from(self.charges), label="replayed charge")
            replayed = self.replay(lambda: payments.record_payment(earlier.charge_id, payer, order.id, purpose, paid))
            assert replayed.id == earlier.payment_id
            return
        if how == "wrong_amount":
            delta = data.draw(st.integers(-due, 500).filter(lambda d: d != 0), label="off by")
            paid = Money(due + delta, order.currency)
        elif how == "wrong_currency":
            paid = Money(due, next(c for c in CURRENCIES if c != order.currency))
        elif how == "stranger":
            payer = data.draw(st.sampled_from([u for u in self.customers if u != order.customer_id]))
        self.do_pay(order, purpose, payer, paid)

    @precondition(lambda self: self.orders)
    @rule(data=st.data(), as_buyer=st.booleans())
    def upload_receipt(self, data: st.DataObject, as_buyer: bool) -> None:
        order = self.pick(data, [S.DEPOSIT_PAID])
        self.do_upload_receipt(order, order.buyer_id if as_buyer else order.customer_id)

    @precondition(lambda self: self.orders)
    @rule(data=st.data(), deliver=st.booleans())
    def ship(self, data: st.DataObject, deliver: bool) -> None:
        if not deliver:
            self.do_ship(self.pick(data, [S.BALANCE_PAID]))
            return
        order = self.pick(data, [S.SHIPPED])
        ok = order.state is S.SHIPPED
        self.attempt(lambda: orders.mark_delivered(order.id, Actor.CUSTOMER, order.customer_id), succeeds=ok)
        if ok:
            order.state = S.DELIVERED

    @precondition(lambda self: self.orders)
    @rule(data=st.data(), by_customer=st.booleans())
    def confirm_receipt(self, data: st.DataObject, by_customer: bool) -> None:
        order = self.pick(data, [S.SHIPPED, S.DELIVERED])
        self.do_confirm_receipt(order, order.customer_id if by_customer else order.buyer_id)

    @precondition(lambda self: self.orders)
    @rule(data=st.data(), actor=st.sampled_from([Actor.CUSTOMER, Actor.BUYER, Actor.MODERATOR]))
    def cancel(self, data: st.DataObject, actor: Actor) -> None:
        order = self.pick(data, [S.AWAITING_DEPOSIT, S.DEPOSIT_PAID, S.AWAITING_BALANCE])
        user = {Actor.CUSTOMER: order.customer_id, Actor.BUYER: order.buyer_id}.get(actor)
        # The deposit policy: nothing paid, nothing moves; deposit paid but nothing bought, the
        # customer gets it back; item bought on the customer's word, the buyer keeps the deposit.
        effect: dict[OrderState, tuple[str, OrderState]] = {
            S.AWAITING_DEPOSIT: ("nothing", S.CANCELLED),
            S.DEPOSIT_PAID: ("refund", S.REFUNDED),
        }
        if actor is not Actor.BUYER:
            effect[S.AWAITING_BALANCE] = ("release", S.CANCELLED)
        expected = effect.get(order.state)
        self.attempt(lambda: orders.cancel_order(order.id, actor, user, "too slow"), expected is not None)
        if expected is None:
            return
        money, order.state = expected
        if money == "refund":
            self.refund_all(order)
        elif money == "release":
            self.release_all(order)

    @precondition(lambda self: self.orders)
    @rule(data=st.data())
    def refund_order(self, data: st.DataObject) -> None:
        order = self.pick(data, PAID_NOT_SHIPPED)
        ok = order.state in PAID_NOT_SHIPPED
        self.attempt(lambda: orders.refund_order(order.id, Actor.MODERATOR, None, "ship-by missed"), ok)
        if ok:
            self.refund_all(order)
            order.state = S.REFUNDED

    @precondition(lambda self: self.orders)
    @rule(data=st.data())
    def open_dispute(self, data: st.DataObject) -> None:
        self.do_open_dispute(self.pick(data, DISPUTABLE))

    def do_open_dispute(self, order: OrderModel) -> None:
        ok = order.state in DISPUTABLE
        self.attempt(lambda: disputes.open_dispute(order.customer_id, order.id, "the seal was broken"), ok)
        if ok:
            order.state = S.DISPUTED

    @precondition(lambda self: self.orders)
    @rule(data=st.data(), wrong_currency=st.booleans())
    def resolve_dispute(self, data: st.DataObject, wrong_currency: bool) -> None:
        order = self.pick(data, [S.DISPUTED])
        held = order.held()
        amount = data.draw(st.one_of(st.integers(0, held), st.just(held), st.integers(-50, held + 50)), label="refund")
        currency = next(c for c in CURRENCIES if c != order.currency) if wrong_currency else order.currency
        refund = Money(amount, currency)
        ok = order.state is S.DISPUTED and not wrong_currency and 0 <= amount <= held
        self.attempt(lambda: orders.resolve_dispute(order.id, refund, note="partly damaged"), ok)
        if not ok:
            return
        # Part (or all, or none) back to the customer, the rest to the buyer minus the fee.
        if amount:
            self.refund(order, order.customer_id, refund)
        self.release_all(order)
        order.state = S.REFUNDED if amount else S.COMPLETED

    # -- bonds ----------------------------------------------------------------------------------

    @rule(
        data=st.data(),
        kind=st.sampled_from(["post", "post", "release", "forfeit"]),
        amount=st.one_of(st.integers(0, 60_000), st.integers(1, 100)),
        currency=st.sampled_from(CURRENCIES),
        for_an_order=st.booleans(),
    )
    def bond(self, data: st.DataObject, kind: str, amount: int, currency: str, for_an_order: bool) -> None:
        buyer_id = data.draw(st.sampled_from(self.buyers), label="buyer")
        customer_id, order_id = None, None
        if kind == "forfeit":
            customer_id = data.draw(st.sampled_from(self.customers), label="customer")
        if kind == "forfeit" and for_an_order and self.orders:
            order_id = data.draw(st.sampled_from(self.orders), label="order").id
        money = Money(amount, currency)
        key = f"bond:{next(_bond_keys)}"
        held = self.balances[ledger.bond_of(buyer_id), currency]
        ok = amount > 0 and (kind == "post" or amount <= held)
        move = BondMove(key, kind, buyer_id, money, customer_id, order_id, transfer_id=0)
        transfer = self.attempt(lambda: self.bond_call(move), ok)
        if transfer is None:
            return
        self.bond_moves.append(replace(move, transfer_id=transfer.id))
        self.transfers += 1
        bond = ledger.bond_of(buyer_id)
        if kind == "post":
            self.move(None, bond, currency, amount)
        elif kind == "release":
            self.move(bond, ledger.earnings_of(buyer_id), currency, amount)
        else:
            assert customer_id is not None
            self.move(bond, ledger.refunds_of(customer_id), currency, amount)

    @staticmethod
    async def bond_call(move: BondMove) -> Transfer:
        if move.kind == "post":
            return await ledger.post_bond(move.key, move.buyer_id, move.amount)
        if move.kind == "release":
            return await ledger.release_bond(move.key, move.buyer_id, move.amount)
        assert move.customer_id is not None
        return await ledger.forfeit_bond(move.key, move.buyer_id, move.customer_id, move.amount, move.order_id)

    @precondition(lambda self: self.bond_moves)
    @rule(data=st.data(), same_content=st.booleans(), more=st.integers(1, 1_000))
    def replay_bond_key(self, data: st.DataObject, same_content: bool, more: int) -> None:
        earlier = data.draw(st.sampled_from(self.bond_moves), label="replayed move")
        if same_content:
            # Even if the bond no longer holds that much, a retry is answered with the first transfer.
            transfer = self.replay(lambda: self.bond_call(earlier))
            assert transfer.id == earlier.transfer_id
            return
        kind = data.draw(st.sampled_from(["post", "release", "forfeit"]), label="as")
        bigger = kind == earlier.kind or data.draw(st.booleans(), label="bigger")
        changed = replace(
            earlier,
            kind=kind,
            amount=earlier.amount + Money(more if bigger else 0, earlier.amount.currency),
            customer_id=self.customers[0] if earlier.customer_id is None else earlier.customer_id,
        )
        self.expect_refusal(lambda: self.bond_call(changed), IdempotencyConflict)

    # -- what must hold after every step --------------------------------------------------------

    def books(self) -> "Books":
        """The database's side of the story, read once per step for all the invariants."""
        if self._books is None or self._books[0] != self.steps:
            self._books = (self.steps, self.run(read_books()))
        return self._books[1]

    @invariant()
    def transfers_balance_and_currencies_sum_to_zero(self) -> None:
        self.run(assert_ledger_balances())

    @invariant()
    def every_balance_is_what_the_model_expects(self) -> None:
        actual = {
            (AccountKey(a.owner_kind, a.owner_id, a.purpose), a.currency): a.balance
            for a in self.books().accounts
            if a.purpose is not Purpose.CLEARING
        }
        for (key, currency), amount in actual.items():
            if key.purpose in (Purpose.REFUNDS, Purpose.EARNINGS, Purpose.BOND):
                assert amount >= 0, f"{key} is negative in {currency}"
        expected = {k: v for k, v in self.balances.items() if v}
        assert {k: v for k, v in actual.items() if v} == expected

    @invariant()
    def escrow_holds_what_the_orders_still_hold(self) -> None:
        escrow = [a for a in self.books().accounts if a.purpose is Purpose.ESCROW]
        for currency in CURRENCIES:
            total = sum(a.balance for a in escrow if a.currency == currency)
            assert total == sum(o.held(currency) for o in self.orders)

    @invariant()
    def refunds_never_exceed_what_was_captured(self) -> None:
        flows: dict[int, Counter[tuple[str, str]]] = {o.id: Counter() for o in self.orders}
        for order_id, currency, kind, amount in self.books().escrow_entries:
            # Captures credit the escrow; refunds and releases debit it.
            flows[order_id][kind, currency] += amount if kind == "capture" else -amount
        for order in self.orders:
            for currency in CURRENCIES:
                assert flows[order.id]["refund", currency] <= flows[order.id]["capture", currency]
            assert +flows[order.id] == +order.flows, f"order {order.id}"

    @invariant()
    def orders_payments_and_transfers_are_what_the_model_expects(self) -> None:
        books = self.books()
        assert books.states == {o.id: o.state for o in self.orders}
        assert books.payments == {c.charge_id: c.payment_id for c in self.charges}
        assert books.bond_keys == {m.key: m.transfer_id for m in self.bond_moves}
        assert books.transfers == self.transfers


@dataclass(frozen=True)
class Books:
    accounts: list[Account]
    escrow_entries: list[tuple[int, str, str, int]]  # order id, currency, transfer kind, amount
    states: dict[int, OrderState]
    payments: dict[str, int]  # charge id -> payment id
    bond_keys: dict[str, int]  # idempotency key -> transfer id
    transfers: int


async def read_books() -> Books:
    escrow_entries = await Entry.filter(account__purpose=Purpose.ESCROW).values_list(
        "account__owner_id", "account__currency", "transfer__kind", "amount"
    )
    transfers = await Transfer.all().values_list("idempotency_key", "kind", "id")
    return Books(
        accounts=await Account.all(),
        escrow_entries=[tuple(row) for row in escrow_entries],
        states=dict(await Order.all().values_list("id", "state")),
        payments=dict(await Payment.all().values_list("telegram_payment_charge_id", "id")),
        bond_keys={key: id_ for key, kind, id_ in transfers if kind.startswith("bond")},
        transfers=len(transfers),
    )


async def test_money_is_never_lost_created_or_moved_twice(no_bond_limit: None) -> None:
    machine = type("BoundLedgerMachine", (LedgerMachine,), {"loop": asyncio.get_running_loop()})
    await asyncio.to_thread(
        run_state_machine_as_test,
        machine,
        settings=settings(
            max_examples=40,
            stateful_step_count=25,
            deadline=None,
        ),
    )
