"""Customers browse and search listings, buy one and pay its deposit, and follow the buyers they like."""

import pytest

from bot.callbacks import BrowsePage, BuyQuantity, Choice, ListingAction
from core.domain.money import Money
from core.domain.order_machine import OrderState
from core.models.listings import Listing
from core.models.orders import Order
from core.models.users import User
from core.services.catalog.brands import add_brand
from core.services.people.users import follower_ids
from sandbox.views import ChatMessage
from tests import factories
from tests.bot.conftest import Person, World
from tests.bot.listing_stories import card_of


def callback_data(message: ChatMessage, prefix: str) -> list[str]:
    """The callback data of the message's buttons starting with `prefix`, whatever their language."""
    buttons = (button for row in message.buttons for button in row)
    return [button["callback_data"] for button in buttons if button.get("callback_data", "").startswith(prefix)]


def title_of(card: ChatMessage) -> str:
    return card.content.splitlines()[0]


async def seller_with(
    world: World, *listings: dict[str, object], bond: Money = factories.BOND
) -> tuple[Person, User, list[Listing]]:
    """Bob, a verified buyer with a bond who has talked to the bot, and his listings (each with a real photo)."""
    bob = world.person("Bob")
    await bob.says("/start")
    seller = await bob.becomes_verified_buyer(("JP", "KR"), bond)
    made = [await factories.listing(seller, photo_file_ids=[world.photo()], **fields) for fields in listings]
    return bob, seller, made


# --- browse ------------------------------------------------------------------------------------


async def test_browsing_by_country_and_category_pages_through_cards_newest_first(world: World) -> None:
    bags = [{"title": f"Porter bag {i}"} for i in range(7)]
    await seller_with(
        world, *bags, {"title": "Sulwhasoo cream", "country": "KR", "category": "beauty", "brand": "Sulwhasoo"}
    )
    alice = world.person("Alice")
    await alice.says("/start")

    picker = await alice.says("🔎 Browse")
    assert picker.button_texts() == ["Japan", "South Korea", "🌍 Anywhere"]
    await alice.taps(picker, "Japan")
    picker = world.driver.refreshed(picker)
    assert picker.content == "Which category?" and picker.button_texts() == ["Bags", "Any category"]

    answer, page = await alice.taps(picker, "Bags")
    assert answer.answered and not answer.show_alert
    assert world.driver.refreshed(picker).content == "🔎 Japan · Bags" and not world.driver.refreshed(picker).buttons
    *cards, more = page
    assert [title_of(card) for card in cards] == [f"Porter bag {i}" for i in range(6, 1, -1)]
    assert all(card.photo for card in cards)
    first = cards[0].content
    assert "¥12,800" in first and "📍 Tokyo, Japan" in first and "👤 Bob · ✅ verified" in first and "🆕 new" in first
    assert cards[0].button_texts() == ["🛒 Buy", "➕ Follow buyer", "🚩 Report fake", "↗️ Share"]
    assert more.button_texts() == ["More ▶"]

    _, rest = await alice.taps(more, "More ▶")
    assert [title_of(card) for card in rest] == ["Porter bag 1", "Porter bag 0"]  # and no More: that was all
    assert not world.driver.refreshed(more).buttons

    picker = await alice.says("🔎 Browse")
    await alice.taps(picker, "🌍 Anywhere")
    picker = world.driver.refreshed(picker)
    assert picker.button_texts() == ["Bags", "Beauty", "Any category"]
    _, korean = await alice.taps(picker, "Beauty")
    assert [title_of(card) for card in korean] == ["Sulwhasoo cream"]


async def test_an_empty_shop_and_an_empty_page_say_what_to_do_instead(world: World) -> None:
    alice = world.person("Alice")
    await alice.says("/start")
    assert "Nothing is for sale yet" in (await alice.says("🔎 Browse")).content

    await seller_with(world, {"title": "Porter bag"})
    picker = await alice.says("🔎 Browse")
    _, page = await alice.taps(picker, data=BrowsePage(country="FR").pack())  # valid, but nothing there
    assert [m.content for m in page] == [
        "Nothing is for sale here right now. Try another country or category, or type what you want."
    ]


async def test_forged_browse_buttons_are_refused_and_change_nothing(world: World) -> None:
    await seller_with(world, {"title": "Porter bag"})
    alice = world.person("Alice")
    picker = await alice.says("🔎 Browse")
    answer, sent = await alice.taps(picker, data=Choice(field="browse_country", value="XX").pack())
    assert answer.show_alert and "I don't know the country XX" in (answer.text or "") and sent == []
    answer, sent = await alice.taps(picker, data=BrowsePage(country="JP", category="weapons").pack())
    assert answer.show_alert and answer.text == "Please pick a category from the buttons." and sent == []
    assert world.driver.refreshed(picker).button_texts() == ["Japan", "🌍 Anywhere"]


# --- search ------------------------------------------------------------------------------------


async def test_typed_words_search_listings_page_by_page(world: World) -> None:
    cream = {"title": "Sulwhasoo cream", "brand": "Sulwhasoo", "description": "From the Myeongdong store"}
    await seller_with(world, *({"title": f"Porter bag {i}"} for i in range(7)), cream)
    alice = world.person("Alice")
    await alice.says("/start")

    header = await alice.says("porter")
    assert header.content == "Listings matching “porter”, best first:"
    cards = [await alice.next() for _ in range(5)]
    assert [title_of(card) for card in cards] == [f"Porter bag {i}" for i in range(6, 1, -1)]
    more = await alice.next()
    assert more.button_texts() == ["More ▶"]
    _, rest = await alice.taps(more, "More ▶")
    assert [title_of(card) for card in rest] == ["Porter bag 1", "Porter bag 0"]

    await alice.says("SULWHASOO")
    assert title_of(await alice.next()) == "Sulwhasoo cream"
    answer, sent = await alice.taps(more, data=callback_data(more, "sp:")[0])  # the first search's More
    assert answer.show_alert and answer.text == "This button is no longer available." and sent == []


async def test_customers_find_a_listing_by_loose_words_in_english_and_by_its_brands_chinese_name(world: World) -> None:
    await add_brand("Shiseido", "资生堂")
    await add_brand("Porter", "波特, 吉田カバン")
    await seller_with(
        world,
        {"title": "PORTER Tanker 2Way Helmet Bag (Black)", "brand": "Porter"},
        {"title": "Black leather belt", "brand": None},
        {"title": "Shiseido Ultimune Power Infusing Serum 50ml", "brand": "Shiseido", "category": "beauty"},
        {"title": "Tank top", "brand": None},
    )
    alice = world.person("Alice")
    await alice.says("/start")
    lilei = world.person("李雷", language="zh")
    await lilei.says("/start")

    header = await alice.says("porter tankr black")  # a typo, and no listing has every word
    first = await alice.next()
    assert header.content == "Listings matching “porter tankr black”, best first:"
    assert title_of(first) == "PORTER Tanker 2Way Helmet Bag (Black)" and first.photo

    header = await lilei.says("资生堂")
    card = await lilei.next()
    assert header.content == "与“资生堂”匹配的商品，最相关的在前："
    assert title_of(card) == "Shiseido Ultimune Power Infusing Serum 50ml" and "🛒 购买" in card.button_texts()
    await lilei.says("波特")
    assert title_of(await lilei.next()) == "PORTER Tanker 2Way Helmet Bag (Black)"


async def test_searches_that_find_nothing_or_are_too_long_get_a_polite_hint(world: World) -> None:
    await seller_with(world, {"title": "Porter bag"})
    alice = world.person("Alice")
    await alice.says("/start")
    nothing = await alice.says("<b>hermès</b> birkin")
    assert nothing.content.startswith("Nothing matched “<b>hermès</b> birkin”. Try fewer or other words")
    assert "🔎 Browse" in nothing.content
    too_long = await alice.says("porter " * 20)
    assert too_long.content == "That is too long: 139 characters, at most 100."
    not_a_search = await alice.says("📦 My orders")
    assert "Listings matching" not in not_a_search.content and "Nothing matched" not in not_a_search.content


# --- buying ------------------------------------------------------------------------------------


async def test_buying_the_last_item_asks_for_the_deposit_and_paying_it_tells_the_buyer(world: World) -> None:
    bob, _, (bag,) = await seller_with(world, {"title": "Porter Tanker", "quantity": 1})
    alice = world.person("Alice")
    card = await card_of(alice, bag)

    bob.driver.mark_read(bob.user)
    answer, (summary, invoice) = await alice.taps(card, "🛒 Buy")
    order = await Order.get(customer__telegram_id=alice.user.id)
    assert answer.answered and not answer.show_alert
    assert order.state is OrderState.AWAITING_DEPOSIT and order.quantity == 1 and order.total == 12800
    assert f"Order #{order.id}: Porter Tanker × 1" in summary.content
    assert "Total ¥12,800" in summary.content
    assert invoice.invoice is not None
    assert (invoice.invoice["total_amount"], invoice.invoice["currency"]) == (order.deposit_amount, "JPY")
    assert (await bob.next()).content.startswith(f"🛒 New order #{order.id}: Porter Tanker × 1, ¥12,800.")
    assert (await Listing.get(id=bag.id)).stock == 0

    outcome = await world.driver.pay_invoice(alice.user, invoice)
    assert outcome.paid
    assert "Payment of" in (await alice.next()).content
    assert f"The deposit for order #{order.id} (Porter Tanker) is paid" in (await bob.next()).content
    assert (await factories.fresh(order)).state is OrderState.DEPOSIT_PAID

    carol = world.person("Carol")
    late_card = world.driver.message(alice.user, card.message_id)
    answer, sent = await carol.taps(await carol.says("/start"), data=callback_data(late_card, "l:buy")[0])
    assert answer.show_alert and answer.text == "Sorry, this item just sold out." and sent == []
    assert await Order.all().count() == 1


async def test_buying_several_asks_how_many_and_rejects_what_is_not_a_number(world: World) -> None:
    _, _, (bag,) = await seller_with(world, {"title": "Porter Tanker", "quantity": 8})
    alice = world.person("Alice")
    card = await card_of(alice, bag)

    _, (question,) = await alice.taps(card, "🛒 Buy")
    assert question.content == "How many “Porter Tanker” would you like? Tap a number, or type one from 1 to 8."
    assert question.button_texts() == ["1", "2", "3", "4", "5"]
    hint = "Please type a number from 1 to 8, or /cancel."
    alice.driver.mark_read(alice.user)
    await alice.driver.send_sticker(alice.user)
    assert (await alice.next()).content == hint
    for wrong in ("a few", "0", "9", "-2"):
        assert (await alice.says(wrong)).content == hint

    typed = await alice.driver.send_text(alice.user, "6")
    summary, invoice = await alice.next(), await alice.next()
    assert "× 6" in summary.content and invoice.invoice is not None
    await alice.driver.redeliver(typed.update_id or 0)
    with pytest.raises(TimeoutError):
        await alice.driver.next_message(alice.user, within=0.5)  # the second delivery is ignored
    order = await Order.get(customer__telegram_id=alice.user.id)
    assert (order.quantity, order.total) == (6, 6 * 12800)
    assert (await Listing.get(id=bag.id)).stock == 2

    answer, sent = await alice.taps(question, "2")  # the question was answered by typing
    assert answer.text == "This button is no longer available." and sent == []
    assert await Order.all().count() == 1


async def test_browsing_leaves_the_quantity_question(world: World) -> None:
    _, _, (bag,) = await seller_with(world, {"title": "Porter Tanker", "quantity": 8})
    alice = world.person("Alice")
    await alice.taps(await card_of(alice, bag), "🛒 Buy")
    assert (await alice.says("🔎 Browse")).content == "Where should the item come from?"
    assert (await alice.says("1")).content.startswith("Nothing matched “1”")  # a search now, not a quantity
    assert await Order.all().count() == 0


async def test_quantity_buttons_work_once_for_that_listing_and_that_customer_only(world: World) -> None:
    _, _, (bag, wallet) = await seller_with(world, {"title": "Bag", "quantity": 3}, {"title": "Wallet", "quantity": 4})
    alice = world.person("Alice")
    bag_card, wallet_card = await card_of(alice, bag), await card_of(alice, wallet)
    _, (bag_question,) = await alice.taps(bag_card, "🛒 Buy")
    assert bag_question.button_texts() == ["1", "2", "3"]
    _, (wallet_question,) = await alice.taps(wallet_card, "🛒 Buy")

    answer, sent = await alice.taps(bag_question, "2")  # the wallet is what she is buying now
    assert answer.text == "This button is no longer available." and sent == []
    mallory = world.person("Mallory")
    lure = await mallory.says("/start")
    forged = BuyQuantity(listing_id=wallet.id, quantity=2).pack()
    answer, sent = await mallory.taps(lure, data=forged)
    assert answer.text == "This button is no longer available." and sent == []

    _, (summary, invoice) = await alice.taps(wallet_question, "2")
    assert "Wallet × 2" in summary.content and invoice.invoice is not None
    assert not world.driver.refreshed(wallet_question).buttons
    answer, sent = await alice.taps(wallet_question, data=forged)  # tapped again
    assert answer.text == "This button is no longer available." and sent == []
    assert [(o.title, o.quantity) for o in await Order.all()] == [("Wallet", 2)]

    _, (question,) = await alice.taps(bag_card, "🛒 Buy")
    assert (await alice.says("/cancel")).content.startswith("Cancelled")
    answer, _ = await alice.taps(question, "1")
    assert answer.text == "This button is no longer available."
    assert await Order.all().count() == 1


async def test_nobody_buys_or_follows_their_own_listing(world: World) -> None:
    bob, seller, (bag,) = await seller_with(world, {"title": "Porter Tanker", "quantity": 1})
    own_card = await card_of(bob, bag)
    assert own_card.button_texts() == ["✏️ Edit", "🗑 Withdraw", "↗️ Share"]
    answer, sent = await bob.taps(own_card, data=ListingAction(action="buy", listing_id=bag.id).pack())
    assert answer.show_alert and answer.text == "You cannot buy your own item." and sent == []
    answer, sent = await bob.taps(own_card, data=ListingAction(action="follow", listing_id=bag.id).pack())
    assert answer.show_alert and answer.text == "You cannot follow yourself." and sent == []
    answer, _ = await bob.taps(own_card, data=ListingAction(action="buy", listing_id=987654).pack())
    assert answer.text == "This listing is no longer available."
    assert await Order.all().count() == 0 and await follower_ids(seller.id) == []


# --- following ---------------------------------------------------------------------------------


async def test_following_a_buyer_from_a_card_and_unfollowing_with_the_same_button(world: World) -> None:
    _, seller, (bag,) = await seller_with(world, {"title": "Porter Tanker"})
    alice = world.person("Alice")
    card = await card_of(alice, bag)
    customer = await alice.account()

    answer, sent = await alice.taps(card, "➕ Follow buyer")
    assert answer.show_alert and answer.text == "You now follow Bob and will hear about their new listings."
    assert sent == [] and await follower_ids(seller.id) == [customer.id]
    card = world.driver.refreshed(card)
    assert "✅ Following · tap to stop" in card.button_texts()  # the button says so, and what pressing it does
    assert "✅ Following · tap to stop" in (await card_of(alice, bag)).button_texts()  # on a card found later too
    answer, _ = await alice.taps(card, "✅ Following · tap to stop")
    assert answer.text == "You no longer follow Bob."
    assert await follower_ids(seller.id) == []
    assert "➕ Follow buyer" in world.driver.refreshed(card).button_texts()


# --- in Chinese ----------------------------------------------------------------------------------


async def test_a_chinese_speaking_customer_browses_buys_and_pays_the_deposit(world: World) -> None:
    bob, _, _ = await seller_with(world, {"title": "Porter Tanker", "quantity": 2}, {"category": "beauty"})
    lilei = world.person("李雷", language="zh")
    assert "李雷，欢迎来到 Daigou 代购！" in (await lilei.says("/start")).content
    keyboard = world.driver.reply_keyboard(lilei.user)
    assert keyboard is not None
    picker = await lilei.says(keyboard["keyboard"][0][0]["text"])  # Browse, in whatever words
    assert picker.button_texts()[0] == "日本" and len(picker.buttons) == 1
    assert picker.content == "想买哪个国家/地区的商品？" and picker.button_texts() == ["日本", "🌍 不限地区"]

    await lilei.taps(picker, data=callback_data(picker, "c:browse_country")[0])
    categories = world.driver.refreshed(picker)
    assert len(callback_data(categories, "b:")) == 3  # bags, beauty, and any category
    assert categories.content == "选择品类：" and categories.button_texts() == ["箱包", "美妆护肤", "不限品类"]
    _, cards = await lilei.taps(categories, data=callback_data(categories, "b:JP:bags")[0])
    (card,) = cards
    assert "Porter Tanker" in card.content and "¥12,800" in card.content and card.photo
    assert len(card.buttons) == 3  # buy and follow, report, share
    assert world.driver.refreshed(categories).content == "🔎 日本 · 箱包"
    assert "Porter · 箱包\n📍 Tokyo, 日本\n💰 JP¥12,800\n📦 库存 2 · 7 天内发货" in card.content
    assert "👤 Bob · ✅ 已认证" in card.content and "🆕 新买手" in card.content and "已完成 0 单" in card.content
    assert card.button_texts() == ["🛒 购买", "➕ 关注买手", "🚩 举报假货", "↗️ 分享"]

    _, (question,) = await lilei.taps(card, data=callback_data(card, "l:buy")[0])
    assert len(question.buttons[0]) == 2
    assert question.content == "您要购买几件“Porter Tanker”？请点击数字，或输入 1 到 2 之间的数字。"
    bob.driver.mark_read(bob.user)
    _, (summary, invoice) = await lilei.taps(question, data=callback_data(question, "bq:")[1])
    order = await Order.get(customer__telegram_id=lilei.user.id)
    assert order.quantity == 2 and f"#{order.id}" in summary.content and "¥25,600" in summary.content
    assert f"订单 #{order.id}：Porter Tanker × 2\n总额 JP¥25,600：现在支付定金 JP¥7,680" in summary.content
    assert "请通过下方付款单支付定金。" in summary.content
    assert invoice.invoice is not None and invoice.invoice["total_amount"] == order.deposit_amount
    assert invoice.invoice["title"] == f"订单 #{order.id} 定金"
    assert (await world.driver.pay_invoice(lilei.user, invoice)).paid
    assert f"已收到订单 #{order.id} 的付款 JP¥7,680。谢谢！" in (await lilei.next()).content
    assert f"New order #{order.id}: Porter Tanker × 2" in (await bob.next()).content  # in Bob's English
    assert f"#{order.id}" in (await bob.next()).content  # the deposit, in Bob's English
    assert (await factories.fresh(order)).state is OrderState.DEPOSIT_PAID
