"""The buyer's "delivered" asks the customer; only their yes marks the order delivered, and no money moves."""

from datetime import timedelta

import pytest

from core.domain.order_machine import Action, OrderState
from core.services.money import ledger
from core.services.trade import orders
from tests import factories
from tests.bot.conftest import World, notices_sent
from tests.bot.order_stories import data_of, open_card, pair
from tests.conftest import Travel

SAID = {
    "en": (
        "📬 Has order #{id} (Porter Tanker shoulder bag) arrived? The buyer says it has been delivered.",
        ["📬 Yes, it arrived", "⏳ Not yet"],
        "Noted: it has arrived. The money stays held: confirm receipt once you have checked the item.",
        ["✅ Confirm receipt", "⚠️ Open dispute"],
    ),
    "zh": (
        "📬 订单 #{id}（Porter Tanker shoulder bag）到货了吗？买手称已送达。",
        ["📬 是，已到货", "⏳ 还没有"],
        "已记录：已到货。款项仍由平台托管，检查商品后请确认收货。",
        ["✅ 确认收货", "⚠️ 发起争议"],
    ),
}


@pytest.mark.e2e
@pytest.mark.parametrize("language", ["en", "zh"])
async def test_the_buyer_marks_delivered_the_customer_is_asked_and_her_yes_starts_the_seven_days(
    world: World, travel: Travel, language: str
) -> None:
    alice, bob, order = await pair(world, OrderState.SHIPPED, customer_language=language)
    question, buttons, thanks, next_steps = SAID[language]

    answer, _ = await bob.taps(await open_card(bob, order.id), "📬 Mark delivered")

    assert answer.text == f"The customer has been asked whether order #{order.id} arrived. You will hear their answer."
    assert (await factories.fresh(order)).confirm_by == order.confirm_by  # the buyer's word alone shortens nothing
    await notices_sent()
    asked = await alice.next()
    assert asked.content.startswith(question.format(id=order.id))
    assert asked.button_texts() == buttons
    travel.forward(days=1)
    answer, _ = await alice.taps(asked, buttons[0])
    assert answer.text == thanks
    delivered = await factories.fresh(order)
    assert delivered.state is OrderState.DELIVERED
    assert delivered.confirm_by == travel.now() + timedelta(days=7)
    assert await ledger.balance(ledger.escrow_of(order.id), "JPY") == 12800  # still held
    assert await ledger.balance(ledger.earnings_of(order.buyer_id), "JPY") == 0
    assert world.driver.refreshed(asked).button_texts()[:2] == next_steps  # her card now: confirm or dispute
    await notices_sent()
    assert (
        f"The customer says order #{order.id} (Porter Tanker shoulder bag) has arrived." in (await bob.next()).content
    )


async def test_not_yet_keeps_the_dates_and_tells_the_buyer(world: World) -> None:
    alice, bob, order = await pair(world, OrderState.SHIPPED, customer_language="zh")
    await bob.taps(await open_card(bob, order.id), "📬 Mark delivered")
    await notices_sent()
    asked = await alice.next()

    answer, _ = await alice.taps(asked, "⏳ 还没有")

    assert answer.text == "已记录：尚未到货。已告知买手，订单期限保持不变。"
    assert world.driver.refreshed(asked).buttons == []
    kept = await factories.fresh(order)
    assert kept.state is OrderState.SHIPPED and kept.confirm_by == order.confirm_by
    await notices_sent()
    assert (
        f"The customer says order #{order.id} (Porter Tanker shoulder bag) has not arrived yet."
        in (await bob.next()).content
    )
    again, _ = await bob.taps(await open_card(bob, order.id), "📬 Mark delivered")
    assert again.show_alert and again.text == (
        "The customer said this order has not arrived yet. You can ask again 24 h after their answer."
    )


async def test_strangers_the_buyer_and_replayed_answers_are_refused_with_a_translated_text(world: World) -> None:
    alice, bob, order = await pair(world, OrderState.SHIPPED, customer_language="zh")
    await bob.taps(await open_card(bob, order.id), "📬 Mark delivered")
    await notices_sent()
    asked = await alice.next()
    yes, not_yet = data_of(asked, "📬 是，已到货"), data_of(asked, "⏳ 还没有")
    mallory = world.person("Mallory", "zh")
    welcome = await mallory.says("/start")
    bobs_card = await open_card(bob, order.id)

    for person, message, refusal in (
        (mallory, welcome, "这不是您的订单。"),
        (bob, bobs_card, "That step is not yours to take."),
    ):
        for data in (yes, not_yet):
            answer, sent = await person.taps(message, data=data)
            assert answer.show_alert and answer.text == refusal and sent == [], (person, data)
    assert (await factories.fresh(order)).state is OrderState.SHIPPED

    await alice.taps(asked, data=yes)
    replayed, _ = await alice.taps(asked, data=yes)
    assert replayed.show_alert and replayed.text == "该订单当前无法进行此操作。"
    assert [e.action for e in await orders.events_of(order.id)].count(Action.MARK_DELIVERED) == 1


async def test_the_customer_says_it_arrived_from_her_card_asked_first(world: World, travel: Travel) -> None:
    alice, bob, order = await pair(world, OrderState.SHIPPED)
    card = await open_card(alice, order.id)
    _, (asked,) = await alice.taps(card, "📬 It has arrived")
    assert asked.content.startswith(f"Has order #{order.id} arrived?\nIf you have it, press Yes")

    answer, _ = await alice.taps(asked, "⏳ Not yet")
    assert answer.text == "Nothing changed; the order keeps its dates."
    assert (await factories.fresh(order)).state is OrderState.SHIPPED

    _, (asked,) = await alice.taps(card, "📬 It has arrived")
    answer, _ = await alice.taps(asked, "📬 Yes, it arrived")
    assert answer.text.startswith("Noted: it has arrived.")
    delivered = await factories.fresh(order)
    assert delivered.state is OrderState.DELIVERED and delivered.confirm_by == travel.now() + timedelta(days=7)
    await notices_sent()
    assert f"The customer says order #{order.id}" in (await bob.next()).content
