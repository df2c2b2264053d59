"""Buyers asking for payouts through the bot, beside the stories: /earnings, a payout method saved once, an
amount (all or half of what is withdrawable), the method, and the prompt confirmed (now and then twice).
"""

import asyncio
import logging
import random

from bench.chaos.people import Person
from bot.callbacks import Choice, EarningsAction, PayoutConfirm
from core.domain.money import Money
from core.domain.payouts import payout_promise
from core.models.payouts import PayoutMethod
from core.services.money import payouts

log = logging.getLogger(__name__)


async def ask_for_payouts(me: Person, rng: random.Random) -> None:
    """Until cancelled: whenever earnings can be paid out, now and then ask for (some of) them."""
    while True:
        await asyncio.sleep(rng.uniform(1.0, 3.0))
        if rng.random() < 0.6:
            await ask_once(me, rng)


async def ask_once(me: Person, rng: random.Random) -> None:
    """Ask for (some of) what can be paid out now, if anything."""
    free = (await payouts.earnings(me.account_id)).withdrawable
    if free:
        async with me.busy:
            await _ask(me, rng, rng.choice(free))


async def _method(me: Person) -> int | None:
    """The buyer's saved payout method, saving one through the bot first if there is none."""
    method = await PayoutMethod.filter(user_id=me.account_id).first()
    if method is None:
        steps = (
            lambda: me.says("/earnings"),
            lambda: me.presses(EarningsAction(action="methods")),
            lambda: me.presses(EarningsAction(action="add_method")),
            lambda: me.presses(Choice(field="payout_kind", value="wise")),
            lambda: me.says(f"{me.name} · {me.name.lower()}@example.com"),
        )
        for step in steps:
            if not await step():
                return None
        method = await PayoutMethod.filter(user_id=me.account_id).first()
    return method.id if method else None


async def _ask(me: Person, rng: random.Random, free: Money) -> None:
    method_id = await _method(me)
    amount = Money(max(1, free.amount // rng.choice((1, 2))), free.currency)
    if method_id is None or not await me.says("/earnings"):
        return
    steps = (
        lambda: me.presses(EarningsAction(action="payout")),
        lambda: me.says(f"{amount.major} {amount.currency}"),
        lambda: me.presses(Choice(field="payout_method", value=str(method_id))),
    )
    for step in steps:
        if not await step():
            log.info("%s's payout request stopped on the way", me.name)
            return
    confirm = PayoutConfirm(promise=payout_promise(amount, method_id))
    await me.presses(confirm)
    if rng.random() < 0.2:
        await me.presses(confirm)  # pressed twice: asks for nothing more
