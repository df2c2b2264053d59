"""Paying, where the money is, so where the hostile moments are (plan.HOSTILE_MOMENTS): a burst of quick messages
just before paying (flood control drops what comes too fast), paying just as the fake clock passes the deadline
(the scheduler's deadline job and the payment then race for the same order), and the bot killed the moment it
acknowledged the payment.
"""

import random
from collections.abc import Awaitable, Callable

from bench.chaos.people import Person
from bench.chaos.plan import LABELS, Fault
from bench.chaos.stage import Stage, now
from bot.callbacks import BondAction
from core.config import current_settings
from core.domain.invoices import PaymentPurpose
from core.domain.order_machine import Action
from core.models.orders import Order
from sandbox.views import ChatMessage

FLOOD = 12  # quick messages: more than flood control's burst of 10


async def pay(stage: Stage, me: Person, order: Order, purpose: PaymentPurpose, rng: random.Random) -> bool:
    """Pay the invoice for `purpose` (asking for it on the order's card if it did not come); True when charged."""
    payload = f"order:{order.id}:{purpose.value}"
    invoice = await me.invoice_arrives(payload)
    if invoice is None:
        action = Action.PAY_DEPOSIT if purpose is PaymentPurpose.DEPOSIT else Action.PAY_BALANCE
        await me.presses_on_card(order.id, action)
        invoice = await me.invoice_arrives(payload)
    if invoice is None:
        return False
    return await pay_invoice(stage, me, invoice, rng, order)


async def pay_invoice(
    stage: Stage, me: Person, invoice: ChatMessage, rng: random.Random, order: Order | None = None
) -> bool:
    """Pay, maybe in a hostile moment (a race needs the `order` whose deadline passes); True when charged."""
    before_charge: Callable[[], Awaitable[None]] | None = None
    moment = stage.plan.hostile_moment(rng)
    if moment is Fault.DEADLINE_RACE and order is None:
        moment = None
    if moment is Fault.FLOOD_FIRST:
        stage.flood_updates.update(await me.types_quickly(["/help"] * FLOOD))
    elif moment is Fault.DEADLINE_RACE and order is not None:

        async def before_charge() -> None:
            await stage.time_passes(await now(order))

    elif moment is Fault.KILL_AFTER_ACK:
        stage.disruptor.kill_after_acknowledging_payment(me.user.id)
    if moment in (Fault.FLOOD_FIRST, Fault.DEADLINE_RACE):
        stage.injected[LABELS[moment]] += 1
    outcome = await me.pays(invoice, before_charge)
    if outcome.status == "timed_out":  # the bot was down: try once more, as a person would
        outcome = await me.pays(invoice)
    if moment is not None and outcome.message is not None and outcome.message.update_id is not None:
        stage.moments[outcome.message.update_id] = LABELS[moment]
    return outcome.paid


async def top_up_bond(stage: Stage, me: Person, rng: random.Random) -> None:
    """A buyer adds to their bond: /bond, a top-up button, the invoice paid (bond payments are charges too)."""
    async with me.busy:
        await me.says("/bond")
        if await me.presses(BondAction(action="pay", amount=rng.choice(current_settings().bond_top_ups))):
            invoice = await me.invoice_arrives(f"bond:{me.account_id}")
            if invoice is not None:
                await pay_invoice(stage, me, invoice, rng)
