"""Trust in the chat: the purchase-proof code a buyer writes in the receipt photo, and the bond limit's refusals."""

from collections.abc import Callable
from decimal import Decimal

import pytest

from bot.callbacks import Choice
from core.config import Settings
from core.domain.money import Money
from core.domain.order_machine import OrderState
from core.models.orders import Order
from core.models.purchase_requests import Offer
from tests import factories
from tests.bot.conftest import World
from tests.bot.listing_stories import card_of
from tests.bot.order_stories import open_card, pair
from tests.bot.test_browse import seller_with
from tests.bot.test_offers import a_buyer, a_request, press

pytestmark = pytest.mark.usefixtures("quick_typist")


@pytest.fixture
def bond_multiple(override_settings: Callable[..., Settings]) -> None:
    override_settings(bond_exposure_multiple=Decimal(2))


async def test_the_buyer_sees_the_code_to_write_on_the_receipt_photo_until_the_receipt_is_in(world: World) -> None:
    alice, bob, order = await pair(world, OrderState.DEPOSIT_PAID)
    code = order.proof_code
    assert code is not None and len(code) == 6

    card = await open_card(bob, order.id)
    assert f"Purchase proof code: {code}. Write it by hand on paper and photograph it with the receipt." in card.content
    assert code not in (await open_card(alice, order.id)).content
    _, (question,) = await bob.taps(card, "🧾 Upload receipt")
    assert f"purchase receipt for order #{order.id}" in question.content and code in question.content

    await world.driver.send_photo(bob.user)
    assert f"Receipt saved for order #{order.id}" in (await bob.next()).content
    assert code not in (await bob.next()).content


async def test_a_chinese_speaking_buyer_reads_the_code_instruction_in_chinese(world: World) -> None:
    bob = world.person("Bob", "zh")
    await bob.says("/start")
    seller = await bob.becomes_verified_buyer()
    order = await factories.order_in(OrderState.DEPOSIT_PAID, seller=seller)

    card = await open_card(bob, order.id)
    _, (question,) = await bob.taps(card, "🧾 上传购物小票")

    for message in (card, question):
        assert f"购买凭证码：{order.proof_code}" in message.content and "手写" in message.content


async def test_a_customer_is_told_a_buyer_at_the_bond_limit_cannot_take_the_order(world: World) -> None:
    bond = Money(4_000, "JPY")  # 3 x 4,000 < 12,800
    _, _, (bag,) = await seller_with(world, {"title": "Porter Tanker", "quantity": 1}, bond=bond)
    alice = world.person("Alice")
    card = await card_of(alice, bag)

    answer, sent = await alice.taps(card, "🛒 Buy")

    assert answer.show_alert
    assert answer.text == "This buyer can't take more orders right now. Please try again later or choose another buyer."
    assert sent == [] and not await Order.exists()


async def test_a_buyer_is_told_how_much_bond_an_offer_needs(world: World) -> None:
    _, request = await a_request(world)
    bob = await a_buyer(world, "Bob", "zh", bond=Money(4_000, "JPY"))
    card = await bob.says("/feed")
    await bob.presses(card, "💬 报价")
    for answer in ("15000", "0", "0"):
        await bob.says(answer)
    summary = await bob.presses(await bob.says("3"), "跳过 ⏭")

    refused = await press(bob, summary, Choice(field="offer", value="confirm").pack())

    assert refused.show_alert and "5000 JPY" in refused.text and "4000 JPY" in refused.text
    assert "保证金" in refused.text
    assert not await Offer.filter(request_id=request.id).exists()
