"""Customers post purchase requests, compare the offers buyers make, accept one and pay its deposit."""

from datetime import timedelta

import pytest

from bot.callbacks import Choice, ListingAction, MyRequests, OfferAction, RequestAction
from core import clock
from core.domain.money import Money
from core.domain.order_machine import OrderState
from core.domain.purchase_requests import OfferStatus, RequestStatus
from core.models.orders import Order
from core.models.purchase_requests import Offer, PurchaseRequest
from core.models.users import User
from core.services.sourcing.purchase_requests import OfferInput, create_request, make_offer
from sandbox import CallbackAnswer
from sandbox.views import ChatMessage
from tests import factories
from tests.bot.conftest import Person, World

pytestmark = pytest.mark.usefixtures("quick_typist")


async def press(person: Person, message: ChatMessage, data: str) -> tuple[CallbackAnswer, list[ChatMessage]]:
    """Press the button carrying `data` (whatever its label's language): the answer and what the bot sent by then.

    Everything before the press counts as read, so `next` returns what the bot sends for it, however soon.
    """
    person.driver.mark_read(person.user)
    shown = person.driver.messages(person.user)
    last_id = shown[-1].message_id if shown else 0
    answer = await person.driver.press_button(person.user, message, data=data)
    return answer, [m for m in person.driver.messages(person.user) if m.message_id > last_id]


def has_button(message: ChatMessage, data: str) -> bool:
    return any(button.get("callback_data") == data for row in message.buttons for button in row)


async def choose(person: Person, message: ChatMessage, field: str, value: str) -> ChatMessage:
    """Press the wizard's button for `value` and return the bot's next question."""
    data = Choice(field=field, value=value).pack()
    assert has_button(message, data), message.buttons
    person.driver.mark_read(person.user)
    answer = await person.driver.press_button(person.user, message, data=data)
    assert answer.answered and not answer.show_alert, answer
    return await person.next()


async def up_to_the_budget(person: Person, text: str, category: str = "beauty") -> ChatMessage:
    """Answer /request up to its budget question (in Japan, no photos): returns that question."""
    await person.says("/request")
    extras = await person.says(text)
    country = await choose(person, extras, "skip", "extras")
    categories = await choose(person, country, "country", "JP")
    return await choose(person, categories, "category", category)


async def post_up_to_the_summary(person: Person, text: str = "Shiseido Ultimune serum 75ml") -> ChatMessage:
    """Answer every question of /request with a plain good answer; returns the summary."""
    await up_to_the_budget(person, text)
    await person.says("20000")
    deadline = await person.says("1")
    return await choose(person, deadline, "deadline", "7")


async def test_a_customer_posts_a_request_step_by_step_and_sees_listings_that_fit(world: World) -> None:
    bob = world.person("Bob")
    seller = await bob.becomes_verified_buyer(("JP",))
    listing = await factories.listing(
        seller,
        title="Shiseido Ultimune serum 75ml",
        category="beauty",
        price=Money(9800, "JPY"),  # two within the budget of ¥20,000
        photo_file_ids=[world.photo()],
    )
    alice = world.person("Alice")
    await alice.says("/start")

    question = await alice.says("📝 New request")
    assert "What are you looking for?" in question.content
    emoji_only = await alice.says("😍🧴😍")
    assert emoji_only.content.startswith(
        "Please say it in words: at least one letter or number, not only emoji or symbols."
    )
    assert "What are you looking for?" in emoji_only.content and not await PurchaseRequest.exists()
    extras = await alice.says("Shiseido <Ultimune> serum 75ml")
    assert "Send photos" in extras.content and extras.button_texts() == ["Skip ⏭"]

    alice.driver.mark_read(alice.user)
    await alice.driver.send_photo(alice.user)
    assert (await alice.next()).button_texts() == ["Done ✔️"]
    answers_before = len(alice.driver.messages(alice.user))
    await alice.driver.send_album(alice.user, [None, None])
    assert "Photos so far: 3." in (await alice.next()).content
    done = await alice.says("https://www.shiseido.co.jp/ultimune")
    assert "Link saved" in done.content
    assert len(alice.driver.messages(alice.user)) == answers_before + 2  # one answer for the whole album

    country = await alice.presses(done, "Done ✔️")
    assert "Japan" in country.button_texts() and len(country.button_texts()) == 14
    category = await alice.presses(country, "Japan")
    assert "Beauty" in category.button_texts() and "Skip ⏭" in category.button_texts()
    budget = await alice.presses(category, "Beauty")
    assert "A number alone is read as JPY" in budget.content
    quantity = await alice.says("¥20,000")
    assert "How many" in quantity.content
    deadline = await alice.says("2")
    assert deadline.button_texts() == ["3 days", "7 days", "14 days", "30 days"]
    summary = await alice.presses(deadline, "14 days")

    for shown in ("Shiseido <Ultimune> serum 75ml", "Japan · Beauty", "photos: 3", "https://www.shiseido.co.jp"):
        assert shown in summary.content
    assert "Budget ¥20,000 for 2" in summary.content
    assert f"Deadline {clock.now() + timedelta(days=14):%Y-%m-%d}" in summary.content
    assert summary.button_texts() == ["✅ Confirm", "❌ Cancel", "📦 Ship to…"]
    assert "Ships to" not in summary.content  # no saved address: nothing said yet

    # Where it goes, from the summary: buyers can price the shipping; then back to the summary.
    question = await alice.presses(summary, "📦 Ship to…")
    assert question.content.startswith("Where should it be sent?") and "China" in question.button_texts()
    assert (await alice.says("XX")).content.startswith("I don't know the country XX.")
    summary = await alice.says("cn")
    assert "📦 Ships to China" in summary.content and "Budget ¥20,000 for 2" in summary.content

    posted = await alice.presses(summary, "✅ Confirm")
    request = await PurchaseRequest.get(customer__telegram_id=alice.user.id)
    assert request.ship_to_country == "CN"
    assert f"Your request #{request.id} is posted" in posted.content
    assert posted.button_texts() == ["📋 My requests"]
    assert not world.driver.refreshed(summary).buttons
    assert (request.text, request.country, request.category) == ("Shiseido <Ultimune> serum 75ml", "JP", "beauty")
    assert (request.budget, request.currency, request.quantity) == (20000, "JPY", 2)
    assert len(request.photos) == 3 and request.link == "https://www.shiseido.co.jp/ultimune"
    assert timedelta(days=13, hours=23) < request.deadline - clock.now() <= timedelta(days=14)

    assert "may already be what you want" in (await alice.next()).content
    card = await alice.next()
    assert card.content.startswith("Shiseido Ultimune serum 75ml") and card.photo
    assert has_button(card, ListingAction(action="buy", listing_id=listing.id).pack())


async def test_no_fitting_listing_says_buyers_will_make_offers(world: World) -> None:
    alice = world.person("Alice")
    summary = await post_up_to_the_summary(alice, "A Hobonichi Techo 2026 cover")
    await alice.presses(summary, "✅ Confirm")
    assert "No listing fits yet; buyers will make offers." in (await alice.next()).content
    assert await PurchaseRequest.filter(text="A Hobonichi Techo 2026 cover").count() == 1


async def test_every_step_refuses_a_bad_answer_with_a_hint_and_asks_again(world: World) -> None:
    alice = world.person("Alice")
    await alice.says("/request")

    alice.driver.mark_read(alice.user)
    await alice.driver.send_sticker(alice.user)
    assert "describe the item in words" in (await alice.next()).content
    assert "That was empty" in (await alice.says("\x00")).content
    too_long = await alice.says("t" * 2001)
    assert "That is too long: 2001 characters, at most 2000." in too_long.content
    assert "What are you looking for?" in too_long.content

    extras = await alice.says("Porter Tanker bag")
    refused = await alice.says("my cousin's shop")
    assert "does not look like a web link" in refused.content and refused.button_texts() == ["Skip ⏭"]
    alice.driver.mark_read(alice.user)
    await alice.driver.send_voice(alice.user)
    assert "Please send photos or a link" in (await alice.next()).content
    await alice.driver.send_album(alice.user, [None] * 10)
    assert "Photos so far: 10." in (await alice.next()).content
    await alice.driver.send_photo(alice.user)
    too_many = await alice.next()
    assert "At most 10 photos, please." in too_many.content and "Photos so far: 10." in too_many.content

    assert "In which country" in (await choose(alice, extras, "skip", "extras")).content
    assert "I don't know the country XX" in (await alice.says("XX")).content
    assert "I don't know the country Atlantis" in (await alice.says("Atlantis")).content
    category = await alice.says("es")  # a typed code works too
    assert "Which category" in category.content

    assert "pick a category from the buttons" in (await alice.says("bags please")).content
    forged = await alice.driver.press_button(alice.user, category, data=Choice(field="category", value="guns").pack())
    assert forged.show_alert and forged.text == "Please pick a category from the buttons."
    budget = await choose(alice, category, "skip", "category")
    assert "A number alone is read as EUR" in budget.content

    assert "could not read that as a price" in (await alice.says("abc")).content
    assert "more than zero" in (await alice.says("0")).content
    assert "I don't know the currency ABC" in (await alice.says("300 ABC")).content
    await alice.says("300")

    assert "between 1 and 99" in (await alice.says("0")).content
    assert "between 1 and 99" in (await alice.says("100")).content
    assert "whole number" in (await alice.says("a few")).content
    await alice.says("1")

    past = await alice.says("2020-01-01")
    assert "already passed" in past.content and "By when" in past.content
    assert "at most 180 days away" in (await alice.says(f"{clock.now() + timedelta(days=200):%Y-%m-%d}")).content
    assert "YYYY-MM-DD" in (await alice.says("next week")).content
    summary = await alice.says(f"{clock.now() + timedelta(days=20):%Y-%m-%d}")
    assert "Spain" in summary.content and "Budget €300.00 for 1" in summary.content

    assert "Please press Confirm or Cancel" in (await alice.says("yes")).content
    await alice.presses(summary, "✅ Confirm")
    request = await PurchaseRequest.get()
    assert (request.text, request.country, request.category, request.budget) == ("Porter Tanker bag", "ES", None, 30000)
    assert len(request.photos) == 10


async def test_cancel_stops_the_wizard_at_any_step_and_posts_nothing(world: World) -> None:
    alice = world.person("Alice")
    await alice.says("/request")
    extras = await alice.says("Porter Tanker bag")
    country = await choose(alice, extras, "skip", "extras")
    await choose(alice, country, "country", "JP")

    assert "Cancelled" in (await alice.says("/cancel")).content
    stale = await alice.driver.press_button(alice.user, country, data=Choice(field="country", value="JP").pack())
    assert stale.show_alert and "no longer available" in (stale.text or "")
    assert await PurchaseRequest.all().count() == 0

    summary = await post_up_to_the_summary(alice)
    assert "Cancelled. Nothing was posted." in (await alice.presses(summary, "❌ Cancel")).content
    assert await PurchaseRequest.all().count() == 0


async def test_an_answer_delivered_twice_is_taken_once(world: World) -> None:
    alice = world.person("Alice")
    await alice.says("/request")
    sent = await alice.driver.send_text(alice.user, "Porter Tanker bag")
    extras = await alice.next()
    assert sent.update_id is not None
    await alice.driver.redeliver(sent.update_id)  # would otherwise be refused as a link
    alice.driver.mark_read(alice.user)
    await alice.driver.send_text(alice.user, "https://www.yoshidakaban.com/")
    assert "Link saved" in (await alice.next()).content
    assert "Send photos" in extras.content


# --- offers side by side, accept, deposit ---------------------------------------------------------


async def with_two_offers(
    world: World, bob_language: str = "en"
) -> tuple[Person, PurchaseRequest, dict[str, Person], dict[str, Offer]]:
    """Alice's request for a serum, with a dearer offer from Bob and a cheaper one from Carol."""
    alice = world.person("Alice")
    await alice.says("/start")
    request = await create_request((await alice.account()).id, factories.request_input())
    buyers = {"Bob": world.person("Bob", bob_language), "Carol": world.person("Carol")}
    for buyer in buyers.values():
        await buyer.says("/start")
    offers = {
        "Bob": OfferInput(
            "Shiseido Ultimune serum 75ml",
            Money(18000, "JPY"),
            Money(1000, "JPY"),
            Money(1500, "JPY"),
            5,
            "From the <Ginza> store",
        ),
        "Carol": OfferInput("Shiseido Ultimune serum 75ml", Money(15000, "JPY"), Money(500, "JPY"), Money(0, "JPY"), 7),
    }
    made = {
        name: await make_offer((await buyers[name].becomes_verified_buyer()).id, request.id, terms)
        for name, terms in offers.items()
    }
    return alice, request, buyers, made


async def offers_at(world: World, request_id: int, yen: dict[str, int]) -> list[Person]:
    """Verified buyers, named as `yen`'s keys, offer that many yen without fees on the request; returns them."""
    buyers = []
    for name, price in yen.items():
        buyer = world.person(name)
        await buyer.says("/start")
        seller = await buyer.becomes_verified_buyer()
        terms = OfferInput("Shiseido Ultimune serum 75ml", Money(price, "JPY"), Money(0, "JPY"), Money(0, "JPY"), 5)
        await make_offer(seller.id, request_id, terms)
        buyers.append(buyer)
    return buyers


async def offer_from_the_feed(buyer: Person, price: str, days: str) -> None:
    """A verified buyer answers the newest request in their feed, without fees or a note."""
    card = await buyer.says("/feed")
    await buyer.presses(card, "💬 Make offer")
    for answer in ("Shiseido Ultimune serum 75ml", price, "0", "0"):
        await buyer.says(answer)
    summary = await buyer.presses(await buyer.says(days), "Skip ⏭")
    assert "Your offer is sent" in (await buyer.presses(summary, "✅ Send offer")).content


async def test_a_whole_request_from_posting_to_the_paid_deposit(world: World) -> None:
    alice = world.person("Alice")
    await alice.presses(await post_up_to_the_summary(alice), "✅ Confirm")
    await alice.next()  # no listing fits yet
    bob, carol = world.person("Bob"), world.person("Carol")
    for buyer in (bob, carol):
        await buyer.says("/start")
        await buyer.becomes_verified_buyer(("JP",))

    await offer_from_the_feed(bob, "19000", "5")
    assert "New offer on your request" in (await alice.next()).content
    await offer_from_the_feed(carol, "17500", "9")
    heard = await alice.next()
    assert "total ¥17,500, ships in 9 days" in heard.content

    compared = await alice.presses(heard, "💬 See offers")
    assert compared.content.index("#1 👤 Carol") < compared.content.index("#2 👤 Bob")
    await alice.presses(compared, "✅ Accept #1")
    invoice = await alice.next()
    alice.driver.mark_read(alice.user)
    assert (await alice.driver.pay_invoice(alice.user, invoice)).paid
    assert "Payment of" in (await alice.next()).content

    order = await Order.get(customer__telegram_id=alice.user.id)
    assert (order.state, order.total, order.currency) == (OrderState.DEPOSIT_PAID, 17500, "JPY")
    assert order.buyer_id == (await carol.account()).id
    assert "was accepted" in (await carol.next()).content
    assert "chose another offer" in (await bob.next()).content
    assert (await PurchaseRequest.get()).status is RequestStatus.ACCEPTED


async def test_offers_side_by_side_then_accept_one_and_pay_the_deposit(world: World) -> None:
    alice, request, buyers, offers = await with_two_offers(world)
    mine = await alice.says("/requests")
    assert f"#{request.id} · Shiseido Ultimune serum" in mine.content and "offers: 2" in mine.content

    compared = await alice.presses(mine, f"💬 Offers on #{request.id} (2)")
    carol_at, bob_at = compared.content.index("#1 👤 Carol"), compared.content.index("#2 👤 Bob")
    assert carol_at < bob_at  # cheapest total first
    for shown in ("Total ¥15,500", "ships in 7 days", "Total ¥20,500", "ships in 5 days", "From the <Ginza> store"):
        assert shown in compared.content
    assert "¥18,000 × 1 · service ¥1,000 · shipping ¥1,500" in compared.content
    assert "✅ verified" in compared.content and "orders completed" in compared.content
    assert compared.button_texts() == [
        "✅ Accept #1",
        "✖️ Decline #1",
        "✅ Accept #2",
        "✖️ Decline #2",
        "❌ Cancel request",
    ]

    answer, _ = await press(alice, compared, OfferAction(action="accept", offer_id=offers["Carol"].id).pack())
    assert answer.text == "Offer accepted." and not answer.show_alert
    order = await Order.get(offer_id=offers["Carol"].id)
    assert f"You accepted the offer of Carol: order #{order.id}, total ¥15,500" in (await alice.next()).content
    invoice = await alice.next()
    assert invoice.invoice is not None
    assert (invoice.invoice["currency"], invoice.invoice["total_amount"]) == ("JPY", order.deposit_amount)
    assert not world.driver.refreshed(compared).buttons

    accepted = await buyers["Carol"].next()
    assert f"Your offer on request #{request.id} was accepted: order #{order.id}" in accepted.content
    declined = await buyers["Bob"].next()
    assert f"The customer chose another offer on request #{request.id}" in declined.content

    alice.driver.mark_read(alice.user)
    assert (await alice.driver.pay_invoice(alice.user, invoice)).paid
    assert "received for order" in (await alice.next()).content
    assert (await Order.get(id=order.id)).state is OrderState.DEPOSIT_PAID
    assert "deposit" in (await buyers["Carol"].next()).content


async def test_a_second_accept_or_a_strangers_forged_one_changes_nothing(world: World) -> None:
    alice, request, _, offers = await with_two_offers(world)
    mallory = world.person("Mallory")
    own_chat = await mallory.says("/start")
    accept_bob = OfferAction(action="accept", offer_id=offers["Bob"].id).pack()

    forged, sent = await press(mallory, own_chat, accept_bob)
    assert forged.show_alert and forged.text == "This request is not yours." and not sent
    peek, sent = await press(mallory, own_chat, RequestAction(action="offers", request_id=request.id).pack())
    assert peek.show_alert and not sent
    assert await Order.all().count() == 0
    assert await Offer.filter(status=OfferStatus.PENDING).count() == 2

    mine = await alice.says("/requests")
    await press(alice, mine, accept_bob)
    assert (await alice.next()).content.startswith("You accepted the offer of Bob")
    assert (await alice.next()).invoice
    again, sent = await press(alice, mine, accept_bob)
    assert again.show_alert and again.text == "This request is no longer open." and not sent
    other, _ = await press(alice, mine, OfferAction(action="accept", offer_id=offers["Carol"].id).pack())
    assert other.show_alert
    assert [o.buyer_id for o in await Order.all()] == [offers["Bob"].buyer_id]
    assert (await Offer.get(id=offers["Carol"].id)).status is OfferStatus.DECLINED


async def test_a_button_for_a_request_or_an_offer_that_no_longer_exists_says_where_to_look(world: World) -> None:
    alice, mei = world.person("Alice"), world.person("Mei", "zh")
    chat = await alice.says("/requests")

    request_gone, sent = await press(alice, chat, RequestAction(action="offers", request_id=999_999).pack())
    assert request_gone.show_alert and not sent
    assert request_gone.text == "This request does not exist any more. See your open requests with /requests."
    offer_gone, sent = await press(alice, chat, OfferAction(action="accept", offer_id=999_999).pack())
    assert offer_gone.show_alert and not sent
    assert offer_gone.text == "This offer does not exist any more. See the offers on your requests with /requests."
    in_chinese, _ = await press(mei, await mei.says("/requests"), OfferAction(action="accept", offer_id=999_999).pack())
    assert in_chinese.text == "该报价已不存在。请用 /requests 查看您的求购收到的报价。"


async def test_cancelling_a_request_closes_its_offers_and_tells_the_buyers(world: World) -> None:
    alice, request, buyers, _ = await with_two_offers(world)
    mine = await alice.says("/requests")
    compared = await alice.presses(mine, f"💬 Offers on #{request.id} (2)")
    # Read on from the comparison: the bot may send its message before or after the press is answered.
    answer = await alice.driver.press_button(
        alice.user, compared, data=RequestAction(action="cancel", request_id=request.id).pack()
    )
    assert answer.text == "Request cancelled."
    assert f"Request #{request.id} is cancelled." in (await alice.next()).content
    assert (await PurchaseRequest.get(id=request.id)).status is RequestStatus.CANCELLED
    for buyer in buyers.values():
        assert f"The customer cancelled request #{request.id}" in (await buyer.next()).content
    again, _ = await press(alice, compared, RequestAction(action="cancel", request_id=request.id).pack())
    assert again.show_alert
    assert "You have no open requests" in (await alice.says("/requests")).content


async def test_my_requests_from_the_posted_message_shows_a_request_without_offers(world: World) -> None:
    alice = world.person("Alice")
    posted = await alice.presses(await post_up_to_the_summary(alice), "✅ Confirm")
    assert "No listing fits yet" in (await alice.next()).content
    request = await PurchaseRequest.get()
    mine = await alice.presses(posted, "📋 My requests")
    assert "offers: 0" in mine.content
    empty = await alice.presses(mine, f"💬 Offers on #{request.id} (0)")
    assert "No offers yet. Buyers in Japan see your request in their feed." in empty.content
    assert empty.button_texts() == ["❌ Cancel request"]
    assert has_button(posted, MyRequests().pack())


async def test_the_whole_flow_in_chinese(world: World) -> None:
    li = world.person("李雷", language="zh")
    await li.says("/start")
    # His saved address is in Hong Kong: requests go there unless he says otherwise, and orders offer it.
    home = {"recipient": "李雷", "country": "HK", "region": "", "city": "九龙", "postcode": ""}
    await factories.saved_address(await li.account(), **home)
    asked = await li.says("/request")
    assert asked.content.startswith("您想找什么商品？请描述：品牌、型号、尺码、颜色、在哪里有售。")
    extras = await li.says("资生堂红腰子精华 75ml")
    assert extras.content.startswith("照片或链接能帮助买手找对商品。") and extras.button_texts() == ["跳过 ⏭"]
    li.driver.mark_read(li.user)
    await li.driver.send_photo(li.user)
    assert (await li.next()).content == "已收到照片：1 张。可继续发送照片或链接，或按“完成”。"
    country = await choose(li, extras, "skip", "extras")
    assert "日本" in country.button_texts()  # country names come from CLDR in the user's language
    assert country.content.startswith("要在哪个国家/地区购买？")
    category = await choose(li, country, "country", "JP")
    assert category.content == "属于哪个品类？（选填）" and "美妆护肤" in category.button_texts()
    budget = await choose(li, category, "category", "beauty")
    assert budget.content.startswith("您的总预算是多少？") and "只输入数字将按 JPY 计算。" in budget.content
    assert (await li.says("¥20,000")).content == "需要几件？（1 到 99）"
    deadline = await li.says("1")
    assert deadline.content.startswith("最晚什么时候之前需要买到？") and "14 天" in deadline.button_texts()
    summary = await choose(li, deadline, "deadline", "14")
    assert "资生堂红腰子精华 75ml" in summary.content and "¥20,000" in summary.content
    assert summary.content.startswith("您的求购\n资生堂红腰子精华 75ml")
    shown = "📍 日本 · 美妆护肤\n📷 照片：1 张\n📦 寄往中国香港特别行政区\n💰 预算 JP¥20,000，共 1 件\n⏳ 截止日期："
    assert shown in summary.content
    assert summary.button_texts() == ["✅ 确认", "❌ 取消", "📦 寄往…"]
    posted = await choose(li, summary, "request", "confirm")
    request = await PurchaseRequest.get(customer__telegram_id=li.user.id)
    assert posted.content == f"您的求购 #{request.id} 已发布。日本的买手会为您报价，每收到一个报价我都会通知您。"
    assert posted.button_texts() == ["📋 我的求购"]
    assert (await li.next()).content == "暂无匹配的在售商品，请等待买手报价。"
    assert (request.country, request.budget, request.currency, len(request.photos)) == ("JP", 20000, "JPY", 1)

    bob, carol = await offers_at(world, request.id, {"Bob": 18000, "Carol": 16000})
    mine = await li.says("/requests")
    assert len(mine.buttons) == 1
    assert f"进行中的求购\n#{request.id} · 资生堂红腰子精华 75ml · 日本 · 报价：2" in mine.content
    assert mine.button_texts() == [f"💬 #{request.id} 的报价（2）"]
    await press(li, mine, RequestAction(action="offers", request_id=request.id).pack())
    compared = await li.next()
    assert compared.content.index("¥16,000") < compared.content.index("¥18,000")
    assert compared.content.startswith(f"求购 #{request.id} 的报价：资生堂红腰子精华 75ml")
    assert "#1 👤 Carol · ✅ 已认证" in compared.content and "#2 👤 Bob · ✅ 已认证" in compared.content
    assert "JP¥16,000 × 1 · 服务费 JP¥0 · 运费 JP¥0\n总额 JP¥16,000 · 5 天内发货" in compared.content
    assert compared.button_texts() == ["✅ 接受 #1", "✖️ 谢绝 #1", "✅ 接受 #2", "✖️ 谢绝 #2", "❌ 取消求购"]
    carol_offer = await Offer.get(buyer__telegram_id=carol.user.id)
    answer, _ = await press(li, compared, OfferAction(action="accept", offer_id=carol_offer.id).pack())
    assert answer.text == "已接受报价。"
    order = await Order.get(offer_id=carol_offer.id)
    accepted = await li.next()
    accepted_text = f"您已接受 Carol 的报价：订单 #{order.id}，总额 JP¥16,000。支付定金后订单即开始。"
    assert accepted.content.startswith(accepted_text)
    assert f"📍 订单 #{order.id} 寄往哪里？" in accepted.content
    assert accepted.button_texts() == ["📍 李雷 · 九龙, HK", "➕ 新地址"]
    invoice = await li.next()
    assert invoice.invoice is not None and invoice.invoice["total_amount"] == order.deposit_amount
    assert invoice.invoice["title"] == f"订单 #{order.id} 定金"
    li.driver.mark_read(li.user)
    assert (await li.driver.pay_invoice(li.user, invoice)).paid
    assert f"已收到订单 #{order.id} 的付款 JP¥4,800。谢谢！" in (await li.next()).content
    assert (await Order.get(id=order.id)).state is OrderState.DEPOSIT_PAID
    carol_heard = (await carol.next()).content  # the buyers read English
    assert str(order.id) in carol_heard
    assert f"🎉 Your offer on request #{request.id} was accepted: order #{order.id}" in carol_heard
    bob_heard = (await bob.next()).content
    assert str(request.id) in bob_heard
    assert f"The customer chose another offer on request #{request.id}" in bob_heard
    customer = await User.get(telegram_id=li.user.id)
    assert customer.language == "zh"
    answer, (card,) = await li.taps(accepted, "📍 李雷 · 九龙, HK")
    assert answer.text == f"已保存：订单 #{order.id} 将寄往该地址。"
    assert card.content.endswith("📍 收货地址\n李雷 · +819012345678\n1-2-3 Jingumae\n九龙\n中国香港特别行政区")
