"""What an operator's JSON logs say about the chat: each update's lines name the update, the user and the order it
acted on, by id only, never a name or what someone typed."""

import asyncio
import io
import json
import re
from collections.abc import Callable
from typing import Any

from core.domain.order_machine import OrderState
from tests.bot.conftest import World
from tests.bot.order_stories import open_card, pair

Logs = Callable[..., io.StringIO]


async def handled_line(lines: io.StringIO, update_id: int) -> dict[str, Any]:
    """aiogram's line for an update, logged once it is handled, after the replies (every line is a JSON object)."""
    async with asyncio.timeout(5):
        while True:
            logged = [json.loads(line) for line in lines.getvalue().splitlines()]
            for line in logged:
                if re.fullmatch(rf"Update id={update_id} is handled\. .*", line["message"]):
                    return line
            await asyncio.sleep(0.01)


async def test_the_lines_of_an_update_name_it_and_who_sent_it_and_nothing_they_said(world: World, logs: Logs) -> None:
    lines = logs(LOG_FORMAT="json")
    dora = world.person("Dora")

    sent = await dora.driver.send_text(dora.user, "Porter bag for my sister Mei")
    await dora.next()

    handled = await handled_line(lines, sent.update_id)
    assert (handled["update_id"], handled["user_id"]) == (sent.update_id, (await dora.account()).id)
    assert "order_id" not in handled
    assert "Dora" not in lines.getvalue() and "Porter" not in lines.getvalue()


async def test_the_lines_of_a_payment_name_the_order_it_paid(world: World, logs: Logs) -> None:
    alice, _bob, order = await pair(world, OrderState.AWAITING_DEPOSIT)
    _, (invoice,) = await alice.taps(await open_card(alice, order.id), "💳 Pay deposit")
    lines = logs(LOG_FORMAT="json")

    paid = await world.driver.pay_invoice(alice.user, invoice)

    assert paid.message is not None and paid.message.update_id is not None
    handled = await handled_line(lines, paid.message.update_id)
    assert (handled["update_id"], handled["order_id"]) == (paid.message.update_id, order.id)
    assert handled["user_id"] == order.customer_id
    assert "Alice" not in lines.getvalue() and order.title not in lines.getvalue()
