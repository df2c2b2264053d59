"""Trust in the chat: the purchase-proof code a buyer writes in the receipt photo, the receipt the customer sees
before paying the balance, and the bond limit's refusals."""

from collections.abc import Callable
from decimal import Decimal

import pytest

from bot.callbacks import Choice
from core.config import Settings
from core.domain.money import Money
from core.domain.order_machine import OrderState
from core.models.disputes import Dispute
from core.models.orders import Order
from core.models.purchase_requests import Offer
from tests import factories
from tests.bot.conftest import World, notices_sent
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


async def test_a_customer_who_doubts_the_receipt_opens_a_dispute_from_it_instead_of_paying(world: World) -> None:
    alice, bob, order = await pair(world, OrderState.DEPOSIT_PAID)
    await bob.taps(await open_card(bob, order.id), "🧾 Upload receipt")
    receipt = await world.driver.send_photo(bob.user)
    await bob.next()  # "Receipt saved"

    shown, invoice = await alice.next(), await alice.next()
    assert shown.photo[-1]["file_id"] == receipt.photo[-1]["file_id"]
    assert f"proof code {order.proof_code}" in shown.content and invoice.invoice is not None
    _, (question,) = await alice.taps(shown, "⚠️ Open dispute")
    assert question.content.startswith(f"⚠️ What is wrong with order #{order.id}? Describe the problem")
    asked = await alice.says("The code is not in the photo and the receipt is for another shop.")
    _, (opened, _card) = await alice.taps(asked, "Done ✔️")
    assert f"Dispute opened for order #{order.id}. The money stays held." in opened.content
    assert (await Dispute.get(order_id=order.id)).reason.startswith("The code is not in the photo")
    assert (await factories.fresh(order)).state is OrderState.DISPUTED


async def test_a_receipt_for_an_order_from_before_proof_codes_is_shown_without_one(world: World) -> None:
    alice, bob, order = await pair(world, OrderState.DEPOSIT_PAID)
    await Order.filter(id=order.id).update(proof_code=None)
    await bob.taps(await open_card(bob, order.id), "🧾 Upload receipt")
    await world.driver.send_photo(bob.user)
    await bob.next()  # "Receipt saved"

    shown = await alice.next()
    assert shown.photo and "proof code" not in shown.content
    assert f"order #{order.id} (Porter Tanker shoulder bag) and uploaded the receipt." in shown.content
    assert shown.button_texts() == [f"📦 Open order #{order.id}", "⚠️ Open dispute"]
    assert (await alice.next()).invoice is not None


async def test_a_customer_who_paid_everything_up_front_still_sees_the_receipt(
    world: World, override_settings: Callable[..., Settings]
) -> None:
    override_settings(deposit_percent=Decimal(100))
    alice, bob, order = await pair(world, OrderState.DEPOSIT_PAID)
    await bob.taps(await open_card(bob, order.id), "🧾 Upload receipt")
    receipt = await world.driver.send_photo(bob.user)
    await bob.next()  # "Receipt saved"

    shown = await alice.next()
    assert shown.photo[-1]["file_id"] == receipt.photo[-1]["file_id"]
    assert (
        shown.content
        == f"The buyer has bought the item for order #{order.id} ({order.title}) and uploaded the receipt."
    )
    await notices_sent()
    assert not [message for message in world.driver.messages(alice.user) if message.invoice]


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
    for answer in ("资生堂红腰子精华 75ml", "15000", "0", "0"):
        await bob.says(answer)
    summary = await bob.presses(await bob.says("3"), "跳过 ⏭")

    refused = await press(bob, summary, Choice(field="offer", value="confirm").pack())

    assert refused.show_alert and "JP¥5,000" in refused.text and "JP¥4,000" in refused.text
    assert "保证金" in refused.text
    assert not await Offer.filter(request_id=request.id).exists()
