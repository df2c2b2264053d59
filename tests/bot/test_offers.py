"""Buyers read the feed of open requests in their countries, make offers, and withdraw them."""

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

import pytest

from bot.callbacks import Choice, FeedPage, OfferAction, RequestAction
from core import clock
from core.config import Settings
from core.domain.money import Money
from core.domain.purchase_requests import OfferStatus
from core.models.orders import Order
from core.models.purchase_requests import Offer, PurchaseRequest
from core.services.people.users import apply_as_buyer
from core.services.sourcing.purchase_requests import OfferInput, cancel_request, create_request, make_offer
from sandbox import CallbackAnswer
from sandbox.views import ChatMessage
from tests import factories
from tests.bot.conftest import Person, World

pytestmark = pytest.mark.usefixtures("quick_typist")


async def press(person: Person, message: ChatMessage, data: str) -> CallbackAnswer:
    """Press the button carrying `data` (or forge it): the bot's answer; its messages come with `next()`."""
    person.driver.mark_read(person.user)
    return await person.driver.press_button(person.user, message, data=data)


async def a_request(world: World, **fields: object) -> tuple[Person, PurchaseRequest]:
    """Alice, who has talked to the bot, and her open request (a serum in Japan unless `fields` say otherwise)."""
    alice = world.person("Alice")
    await alice.says("/start")
    return alice, await create_request((await alice.account()).id, factories.request_input(**fields))


async def a_buyer(world: World, name: str = "Bob", language: str = "en", bond: Money = factories.BOND) -> Person:
    buyer = world.person(name, language)
    await buyer.says("/start")
    await buyer.becomes_verified_buyer(("JP",), bond)
    return buyer


async def test_a_buyer_finds_a_request_in_the_feed_makes_an_offer_and_the_customer_hears_of_it(world: World) -> None:
    alice, request = await a_request(
        world, photo_file_ids=["p1", "p2"], link="https://www.shiseido.co.jp/ultimune", quantity=2
    )
    bob = await a_buyer(world)

    card = await bob.says("/feed")
    for shown in (f"Request #{request.id}", "Shiseido Ultimune serum 75ml", "Japan · Beauty", "photos: 2"):
        assert shown in card.content
    assert "https://www.shiseido.co.jp/ultimune" in card.content and "Budget ¥20,000 for 2" in card.content
    assert f"Deadline {request.deadline:%Y-%m-%d}" in card.content
    assert card.button_texts() == ["💬 Make offer"]

    named = await bob.presses(card, "💬 Make offer")
    assert named.content.startswith(f"What exactly will you buy for request #{request.id}? Name the item")
    assert "The customer asked for: Shiseido Ultimune serum 75ml, the Japanese version" in named.content
    question = await bob.says("Shiseido Ultimune Power Infusing Serum 75ml (JP)")
    assert f"Your price per item for request #{request.id}" in question.content and "¥20,000 for 2" in question.content
    assert "in JPY" in (await bob.says("¥9,000")).content
    await bob.says("0")
    await bob.says("1,500 JPY")
    note = await bob.says("5")
    assert note.button_texts() == ["Skip ⏭"]
    summary = await bob.says("Boxed, from the <Ginza> store")
    for shown in (
        "🛍 Shiseido Ultimune Power Infusing Serum 75ml (JP)",
        "Item: ¥9,000 × 2",
        "Service fee: ¥0",
        "Shipping fee: ¥1,500",
        "Total: ¥19,500",
        "Ships in 5 days",
    ):
        assert shown in summary.content
    assert "📝 Boxed, from the <Ginza> store" in summary.content
    assert summary.button_texts() == ["✅ Send offer", "❌ Cancel"]

    sent = await bob.presses(summary, "✅ Send offer")
    assert "Your offer is sent" in sent.content and not world.driver.refreshed(summary).buttons
    offer = await Offer.get(request_id=request.id)
    assert (offer.item_price, offer.service_fee, offer.shipping_fee, offer.currency) == (9000, 0, 1500, "JPY")
    assert (offer.days_to_ship, offer.note, offer.status) == (5, "Boxed, from the <Ginza> store", OfferStatus.PENDING)

    heard = await alice.next()
    assert f"New offer on your request #{request.id}" in heard.content and "total ¥19,500" in heard.content
    compared = await alice.presses(heard, "💬 See offers")
    assert "#1 👤 Bob" in compared.content and "Total ¥19,500" in compared.content

    assert "No open requests in your countries" in (await bob.says("/feed")).content  # answered: gone from the feed


async def test_the_feed_shows_only_the_buyers_countries_and_pages_older_requests(world: World) -> None:
    alice = world.person("Alice")
    await alice.says("/start")
    customer = await alice.account()
    made = [await create_request(customer.id, factories.request_input(text=f"Serum {i}")) for i in range(7)]
    await create_request(customer.id, factories.request_input(text="Sulwhasoo cream", country="KR"))
    bob = await a_buyer(world)

    first = await bob.says("/feed")
    page = [first] + [await bob.next() for _ in range(5)]
    *cards, more = page
    assert [card.content.splitlines()[1] for card in cards] == [f"Serum {i}" for i in range(6, 1, -1)]
    assert more.button_texts() == ["More requests ▶️"]
    await press(bob, more, FeedPage(before=made[2].id).pack())
    rest = [await bob.next(), await bob.next()]
    assert [card.content.splitlines()[1] for card in rest] == ["Serum 1", "Serum 0"]
    await press(bob, more, FeedPage(before=made[0].id).pack())
    assert (await bob.next()).content == "No more open requests."


async def test_only_verified_buyers_have_a_feed(world: World) -> None:
    carol = world.person("Carol")
    assert "Only buyers can do this" in (await carol.says("/feed")).content
    await apply_as_buyer((await carol.account()).id, ["JP"], ["bags"], "file-passport")
    assert "not verified (status: applied)" in (await carol.says("/feed")).content

    _, request = await a_request(world)
    own_chat = await carol.says("/start")
    forged = await press(carol, own_chat, RequestAction(action="offer", request_id=request.id).pack())
    assert forged.show_alert and "not verified" in (forged.text or "")


async def test_every_offer_step_refuses_a_bad_answer_and_asks_again(world: World) -> None:
    _, request = await a_request(world)
    bob = await a_buyer(world)
    card = await bob.says("/feed")
    await bob.presses(card, "💬 Make offer")

    for no_words in ("🧴✨", "!!! ???"):
        refused = await bob.says(no_words)
        assert refused.content.startswith("Please say it in words: at least one letter or number, not only emoji")
        assert "What exactly will you buy" in refused.content
    assert "That is too long: 121 characters, at most 120." in (await bob.says("x" * 121)).content
    await bob.says("Ultimune serum 75ml")
    assert "could not read that as a price" in (await bob.says("abc")).content
    assert "more than zero" in (await bob.says("0")).content
    bob.driver.mark_read(bob.user)
    await bob.driver.send_sticker(bob.user)
    assert "Please type your answer" in (await bob.next()).content
    await bob.says("15000")

    assert "Fees cannot be negative" in (await bob.says("-5")).content
    assert "one currency for the price and the fees" in (await bob.says("5 USD")).content
    await bob.says("500")
    await bob.says("0")

    for bad in ("0", "91", "soon"):
        assert "between 1 and 90" in (await bob.says(bad)).content
    await bob.says("7")

    refused = await bob.says("n" * 1001)
    assert "at most 1000" in refused.content
    summary = await bob.presses(refused, "Skip ⏭")
    assert "Total: ¥15,500" in summary.content and "📝" not in summary.content
    assert "Please press Send offer or Cancel" in (await bob.says("ok")).content
    await bob.presses(summary, "✅ Send offer")
    offer = await Offer.get(request_id=request.id)
    assert (offer.item_price, offer.service_fee, offer.shipping_fee, offer.days_to_ship, offer.note) == (
        15000,
        500,
        0,
        7,
        "",
    )


async def test_cancel_or_a_closed_request_stops_the_offer(world: World) -> None:
    alice, request = await a_request(world)
    bob = await a_buyer(world)
    card = await bob.says("/feed")
    await bob.presses(card, "💬 Make offer")
    await bob.says("Ultimune serum 75ml")
    await bob.says("15000")
    assert "Cancelled" in (await bob.says("/cancel")).content
    assert await Offer.all().count() == 0

    await bob.presses(card, "💬 Make offer")
    for answer in ("Ultimune serum 75ml", "15000", "0", "0"):
        await bob.says(answer)
    summary = await bob.presses(await bob.says("3"), "Skip ⏭")
    await cancel_request((await alice.account()).id, request.id)
    refused = await press(bob, summary, Choice(field="offer", value="confirm").pack())
    assert refused.show_alert and refused.text == "This request is no longer open."
    assert await Offer.all().count() == 0

    stale = await press(bob, card, RequestAction(action="offer", request_id=request.id).pack())
    assert stale.show_alert and stale.text == "This request is no longer open."


async def test_a_buyer_cannot_offer_twice_or_on_their_own_request(world: World) -> None:
    _, request = await a_request(world)
    bob = await a_buyer(world)
    await make_offer(
        (await bob.account()).id,
        request.id,
        OfferInput("Shiseido Ultimune serum 75ml", Money(1000, "JPY"), Money(0, "JPY"), Money(0, "JPY"), 1),
    )
    own_chat = await bob.says("/start")
    twice = await press(bob, own_chat, RequestAction(action="offer", request_id=request.id).pack())
    assert twice.show_alert and twice.text == "You have already made an offer on this request."

    own = await create_request((await bob.account()).id, factories.request_input())
    mine = await press(bob, own_chat, RequestAction(action="offer", request_id=own.id).pack())
    assert mine.show_alert and mine.text == "You cannot make an offer on your own request."


async def test_a_buyer_withdraws_an_offer_and_nobody_else_can(world: World) -> None:
    _, request = await a_request(world)
    _, other = await a_request(world, text="Porter Tanker bag", category="bags")
    bob, carol = await a_buyer(world), await a_buyer(world, "Carol")
    terms = OfferInput("Shiseido Ultimune serum 75ml", Money(15000, "JPY"), Money(0, "JPY"), Money(0, "JPY"), 5)
    offer = await make_offer((await bob.account()).id, request.id, terms)
    await make_offer((await bob.account()).id, other.id, terms)

    mine = await bob.says("/offers")
    assert f"Request #{request.id} · Shiseido Ultimune" in mine.content and "total ¥15,000" in mine.content
    assert mine.button_texts() == [f"🗑 Withdraw offer on #{other.id}", f"🗑 Withdraw offer on #{request.id}"]

    carols_chat = await carol.says("/offers")
    assert "You have no offers waiting" in carols_chat.content
    forged = await press(carol, carols_chat, OfferAction(action="withdraw", offer_id=offer.id).pack())
    assert forged.show_alert and forged.text == "This offer is no longer available."
    assert (await Offer.get(id=offer.id)).status is OfferStatus.PENDING

    answer = await press(bob, mine, OfferAction(action="withdraw", offer_id=offer.id).pack())
    assert answer.text == "Offer withdrawn."
    assert (await Offer.get(id=offer.id)).status is OfferStatus.WITHDRAWN
    shown = world.driver.refreshed(mine)
    assert shown.button_texts() == [f"🗑 Withdraw offer on #{other.id}"]
    again = await press(bob, mine, OfferAction(action="withdraw", offer_id=offer.id).pack())
    assert again.show_alert


async def test_a_buyer_whose_bond_is_too_small_is_told_the_bond_the_offer_needs(
    world: World, override_settings: Callable[..., Settings]
) -> None:
    override_settings(bond_exposure_multiple=Decimal(3))
    _, request = await a_request(world)
    bob = await a_buyer(world, bond=Money(2_000, "JPY"))  # covers open orders up to ¥6,000
    await bob.presses(await bob.says("/feed"), "💬 Make offer")
    for answer in ("Ultimune serum 75ml", "¥9,000", "0", "1,500 JPY", "5"):
        await bob.says(answer)
    summary = await bob.says("Boxed")

    refused, sent = await bob.taps(summary, "✅ Send offer")

    assert refused.show_alert and not sent
    assert refused.text == (
        "Your bond (¥2,000) does not cover this on top of your open orders. You need a bond of at least "
        "¥3,500 (top it up with /bond), or wait until some orders are completed."
    )
    assert not await Offer.filter(request_id=request.id).exists()


async def test_the_offer_flow_in_chinese(world: World) -> None:
    alice, request = await a_request(world, deadline=clock.now() + timedelta(days=3))
    wang = await a_buyer(world, "王芳", "zh")
    card = await wang.says("/feed")
    assert str(request.id) in card.content and "¥20,000" in card.content and len(card.buttons) == 1
    assert f"求购 #{request.id}\nShiseido Ultimune serum 75ml" in card.content
    assert "📍 日本 · 美妆护肤" in card.content and "预算 JP¥20,000，共 1 件" in card.content
    assert f"截止日期：{request.deadline:%Y-%m-%d}" in card.content and card.button_texts() == ["💬 报价"]
    await press(wang, card, RequestAction(action="offer", request_id=request.id).pack())
    named = await wang.next()
    assert named.content.startswith(f"您具体会为求购 #{request.id} 购买什么？请写明商品（品牌、型号、规格、颜色）")
    assert "请用文字说明：至少包含一个字或数字" in (await wang.says("🧴🧴")).content
    question = await wang.says("资生堂红腰子精华 75ml 日版")
    assert f"您对求购 #{request.id} 的单价报多少？顾客的预算为 JP¥20,000，共 1 件。" in question.content
    asked = [(await wang.says(answer)).content for answer in ("20000", "¥500", "0", "4")]
    assert asked == [
        "您的服务费是多少（JPY）？不收取请输入 0。",
        "寄给顾客的运费是多少（JPY）？如已包含请输入 0。",
        "收到定金后几天内可以发货？（1 到 90）",
        "给顾客的备注（成色、购买渠道等）？选填。",
    ]
    summary = await wang.says("东京银座店购买")
    assert "¥20,500" in summary.content and "东京银座店购买" in summary.content
    assert f"您对求购 #{request.id} 的报价\n🛍 资生堂红腰子精华 75ml 日版\n商品：JP¥20,000 × 1" in summary.content
    assert "总额：JP¥20,500\n4 天内发货" in summary.content
    # Above the customer's ¥20,000: said before sending, and sending it is still allowed.
    assert "⚠️ 此总额（JP¥20,500）超出顾客的预算 JP¥20,000。您仍可发送，顾客会看到它超出预算。" in summary.content
    assert summary.button_texts() == ["✅ 提交报价", "❌ 取消"]
    await press(wang, summary, Choice(field="offer", value="confirm").pack())
    assert (await wang.next()).content == "报价已提交。顾客做出决定后我会通知您。发送 /offers 查看您的报价。"
    offer = await Offer.get(request_id=request.id)
    assert (offer.item_price, offer.service_fee, offer.shipping_fee, offer.days_to_ship) == (20000, 500, 0, 4)
    assert (offer.item_name, offer.note) == ("资生堂红腰子精华 75ml 日版", "东京银座店购买")
    heard = await alice.next()
    assert str(request.id) in heard.content and "¥20,500" in heard.content
    assert f"📬 New offer on your request #{request.id}" in heard.content  # Alice reads English
    assert "total ¥20,500, ships in 4 days." in heard.content

    # Alice sees what Wang will buy and that it is above her budget; the order takes the item's name as its title.
    compared = await alice.presses(heard, "💬 See offers")
    assert "🛍 资生堂红腰子精华 75ml 日版" in compared.content and "⚠️ Above your budget of ¥20,000" in compared.content
    await alice.presses(compared, "✅ Accept #1")
    assert (await Order.get(offer_id=offer.id)).title == "资生堂红腰子精华 75ml 日版"
