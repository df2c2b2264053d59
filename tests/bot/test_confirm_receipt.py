"""Confirming receipt pays the buyer for good, so the bot asks first: how much goes to whom, and that it is final."""

import pytest

from bot.callbacks import PromisedStep
from core.domain.money import Money
from core.domain.order_machine import Action, OrderState
from core.services.money import ledger
from tests import factories
from tests.bot.conftest import World
from tests.bot.order_stories import data_of, open_card, pair

ASKED = {
    "en": (
        "Confirm receipt of order #{id}?\nThis releases ¥12,800 to Bob; you cannot undo it.\n"
        "¥12,800 is everything still held for this order (what you paid, less any refund): Bob receives ¥12,160 "
        "and the platform keeps its fee of ¥640.",
        ["✅ Release ¥12,800", "⏳ Keep waiting"],
        "Thank you! The order is complete and the buyer has been paid.",
    ),
    "zh": (
        "确认订单 #{id} 已收货？\n这将把 JP¥12,800 支付给 Bob，且无法撤销。\n"
        "JP¥12,800 是本订单仍托管的全部款项（您已付款项减去已退款项）：Bob 实收 JP¥12,160，平台收取服务费 JP¥640。",
        ["✅ 放款 JP¥12,800", "⏳ 继续等待"],
        "谢谢！订单已完成，款项已支付给买手。",
    ),
}


@pytest.mark.e2e
@pytest.mark.parametrize("language", ["en", "zh"])
async def test_confirm_receipt_asks_first_and_releases_only_on_the_second_press(world: World, language: str) -> None:
    alice, _, order = await pair(world, OrderState.DELIVERED, customer_language=language)
    question, buttons, thanks = ASKED[language]
    card = await open_card(alice, order.id)

    _, (asked,) = await alice.taps(card, card.button_texts()[0])

    assert asked.content.startswith(question.format(id=order.id))
    assert asked.button_texts() == buttons
    assert (await factories.fresh(order)).state is OrderState.DELIVERED
    assert await ledger.balance(ledger.earnings_of(order.buyer_id), "JPY") == 0
    answer, _ = await alice.taps(asked, buttons[0])
    assert answer.text == thanks
    assert (await factories.fresh(order)).state is OrderState.COMPLETED
    assert await ledger.balance(ledger.earnings_of(order.buyer_id), "JPY") == 12160


async def test_keeping_waiting_releases_nothing_and_the_card_still_offers_to_confirm(world: World) -> None:
    alice, _, order = await pair(world, OrderState.SHIPPED)
    card = await open_card(alice, order.id)
    _, (asked,) = await alice.taps(card, "✅ Confirm receipt")

    answer, sent = await alice.taps(asked, "⏳ Keep waiting")

    assert answer.text == "Nothing was released; the money stays held until you confirm receipt." and sent == []
    assert world.driver.refreshed(asked).buttons == []
    assert (await factories.fresh(order)).state is OrderState.SHIPPED
    assert await ledger.balance(ledger.escrow_of(order.id), "JPY") == 12800
    assert "✅ Confirm receipt" in (await open_card(alice, order.id)).button_texts()


async def test_a_refund_between_the_prompt_and_the_press_releases_nothing_and_asks_again_with_the_new_amount(
    world: World,
) -> None:
    alice, _, order = await pair(world, OrderState.DELIVERED)
    _, (asked,) = await alice.taps(await open_card(alice, order.id), "✅ Confirm receipt")
    old_press = data_of(asked, "✅ Release ¥12,800")
    # Part of what was held goes back to Alice meanwhile: the prompt's ¥12,800 is not there to release.
    await ledger.refund_escrow(f"order:{order.id}:partial", order.id, order.customer_id, Money(1000, "JPY"))

    _, (again,) = await alice.taps(asked, data=old_press)

    assert again.content.startswith(f"⚠️ Order #{order.id} changed while you were deciding, so nothing was done.")
    assert "This releases ¥11,800 to Bob; you cannot undo it." in again.content
    assert "Bob receives ¥11,210 and the platform keeps its fee of ¥590." in again.content
    assert (await factories.fresh(order)).state is OrderState.DELIVERED
    assert await ledger.balance(ledger.earnings_of(order.buyer_id), "JPY") == 0
    answer, _ = await alice.taps(again, "✅ Release ¥11,800")
    assert answer.text == "Thank you! The order is complete and the buyer has been paid."
    assert await ledger.balance(ledger.earnings_of(order.buyer_id), "JPY") == 11210
    assert await ledger.balance(ledger.refunds_of(order.customer_id), "JPY") == 1000


async def test_a_stranger_or_the_buyer_pressing_confirm_receipt_is_refused_and_asked_nothing(world: World) -> None:
    alice, bob, order = await pair(world, OrderState.DELIVERED)
    ask = data_of(await open_card(alice, order.id), "✅ Confirm receipt")
    release = PromisedStep(action=Action.CONFIRM_RECEIPT, order_id=order.id, promise="0" * 12).pack()
    mallory = world.person("Mallory")
    welcome = await mallory.says("/start")
    bobs_card = await open_card(bob, order.id)

    for person, message, refusal in (
        (mallory, welcome, "This order is not yours."),
        (bob, bobs_card, "That step is not yours to take."),
    ):
        for data in (ask, release):
            answer, sent = await person.taps(message, data=data)
            assert answer.show_alert and answer.text == refusal and sent == [], (person, data)
    assert (await factories.fresh(order)).state is OrderState.DELIVERED
    assert await ledger.balance(ledger.escrow_of(order.id), "JPY") == 12800
