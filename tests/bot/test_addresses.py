"""A customer keeps addresses, picks one when ordering, and the buyer sees it only once the balance is paid."""

import pytest

from bot.callbacks import Choice
from core.config import current_settings
from core.domain.order_machine import Action, OrderState
from core.models.addresses import SavedAddress
from core.models.orders import Order
from core.services.runtime.job_kinds import JOB_KINDS
from core.services.runtime.scheduler import run_due
from core.services.trade import orders
from sandbox.views import ChatMessage
from tests import factories
from tests.bot.conftest import Person, World, notices_sent
from tests.bot.order_stories import open_card, order_data, shop
from tests.conftest import Travel

ALICES = "Alice Smith · +819012345678\n1-2-3 Jingumae\nMaison 4F\nShibuya 150-0001\nJapan"


async def pays(person: Person, world: World, order: Order, action: Action) -> None:
    """The person presses Pay on the order and pays the invoice it sends."""
    await person.catches_up()
    _, (invoice,) = await person.taps(await open_card(person, order.id), data=order_data(action, order.id))
    assert (await world.driver.pay_invoice(person.user, invoice)).paid
    await person.next()  # the payment recorded
    await notices_sent()


async def buys(person: Person, bag_id: int) -> tuple[ChatMessage, Order]:
    """The person opens the listing's link and presses Buy: the order summary asking where it ships."""
    await person.driver.send_text(person.user, f"/start l-{bag_id}")
    await person.next()  # the welcome
    card = await person.next()
    _, (summary, _invoice) = await person.taps(card, card.button_texts()[0])
    return summary, await Order.get(customer__telegram_id=person.user.id)


@pytest.mark.usefixtures("quick_typist")
async def test_a_customer_adds_an_address_orders_and_the_buyer_sees_it_only_after_the_balance(world: World) -> None:
    bob, seller, bag = await shop(world)
    alice = world.person("Alice")
    await alice.says("/start")
    book = await alice.says("/addresses")
    assert "No saved address yet" in book.content and book.button_texts() == ["➕ Add an address"]
    _, (question,) = await alice.taps(book, "➕ Add an address")
    assert question.content.startswith("Which country does it ship to?") and "Japan" in question.button_texts()
    _, (question,) = await alice.taps(question, "Japan")
    assert "full name" in question.content
    assert "with the country code" in (await alice.says("Alice Smith")).content
    refused = await alice.says("call me maybe")  # bad input is refused and asked again; nothing is kept
    assert refused.content.startswith("That is not a phone number: 6 to 15 digits")
    region = await alice.says("+81 90-1234-5678")
    _, (city,) = await alice.taps(region, "Skip ⏭")
    assert city.content == "City?"
    await alice.says("Shibuya")
    assert "Postcode?" in (await alice.says("1-2-3 Jingumae\nMaison 4F")).content
    refused = await alice.says("1234")
    assert refused.content.startswith("That is not a postcode used in JP.")
    note = await alice.says("150-0001")
    _, (saved, book) = await alice.taps(note, "Skip ⏭")  # Japan needs no customs details: saved at once
    assert saved.content == "Address saved." and await SavedAddress.filter(user__telegram_id=alice.user.id).count() == 1
    assert ALICES in book.content

    summary, order = await buys(alice, bag.id)
    assert f"📍 Where should order #{order.id} ship to?" in summary.content
    assert summary.button_texts() == ["📍 Alice Smith · Shibuya, JP", "➕ New address"]
    answer, (card,) = await alice.taps(summary, "📍 Alice Smith · Shibuya, JP")
    assert answer.text == f"Saved: order #{order.id} ships there."
    assert "📍 Ships to\nAlice Smith · +819012345678\n1-2-3 Jingumae" in card.content
    assert "📍 Change address" in card.button_texts()

    await pays(alice, world, order, Action.PAY_DEPOSIT)
    await orders.upload_receipt(seller.id, order.id, world.photo())
    card = await open_card(bob, order.id)
    assert "📍 The shipping address shows here once the balance is paid." in card.content
    assert "Alice Smith" not in card.content and "1234" not in card.content

    await bob.catches_up()
    await pays(alice, world, order, Action.PAY_BALANCE)
    assert (await factories.fresh(order)).state is OrderState.BALANCE_PAID
    news = await bob.next()
    assert "Ship it to the address on the order card" in news.content
    _, (card,) = await bob.taps(news, f"📦 Open order #{order.id}")
    # Structured data on the card: the phone number is shown whole, not masked as in the relay chat.
    assert f"📍 Ships to\n{ALICES}" in card.content

    # Alice deletes her saved address: gone from the database, while the order keeps its own copy.
    book = await alice.says("/addresses")
    answer, _ = await alice.taps(book, "🗑 Delete 1")
    assert answer.text == "Address deleted." and "No saved address yet" in world.driver.refreshed(book).content
    assert await SavedAddress.filter(user__telegram_id=alice.user.id).count() == 0
    assert "Alice Smith · +819012345678" in (await open_card(bob, order.id)).content


@pytest.mark.usefixtures("quick_typist")
async def test_a_chinese_customer_adds_a_mainland_address_with_the_id_number_while_ordering(world: World) -> None:
    bob, seller, bag = await shop(world)
    lilei = world.person("李雷", "zh")
    await lilei.says("/start")
    summary, order = await buys(lilei, bag.id)
    assert f"📍 订单 #{order.id} 寄往哪里？" in summary.content and summary.button_texts() == ["➕ 新地址"]
    _, (question,) = await lilei.taps(summary, "➕ 新地址")
    assert question.content.startswith("寄往哪个国家或地区？")
    _, (question,) = await lilei.taps(question, data=Choice(field="ship_country", value="CN").pack())
    assert "收件人姓名" in question.content
    await lilei.says("王芳")
    await lilei.says("+86 138 0013 8000")
    await lilei.says("上海市")
    await lilei.says("上海")
    await lilei.says("浦东新区世纪大道 100 号")
    note = await lilei.says("200120")
    _, (customs,) = await lilei.taps(note, data=Choice(field="skip", value="note").pack())
    assert customs.content.startswith("寄往中国大陆的个人包裹，海关需要收件人的居民身份证号。")
    refused = await lilei.says("110105194912310021")  # the check character is wrong
    assert refused.content.startswith("这不是有效的中国大陆居民身份证号")
    assert await SavedAddress.all().count() == 0
    said = await lilei.says("11010519491231002x")
    assert said.content.startswith(f"地址已保存：订单 #{order.id} 将寄往该地址。")
    assert "王芳 · +8613800138000\n浦东新区世纪大道 100 号\n上海, 上海市 200120\n中国" in said.content
    assert "居民身份证号: 11010519491231002X" in said.content

    assert "shows here once the balance is paid" in (await open_card(bob, order.id)).content
    await pays(lilei, world, order, Action.PAY_DEPOSIT)
    await orders.upload_receipt(seller.id, order.id, world.photo())
    assert "11010519491231002X" not in (await open_card(bob, order.id)).content
    await pays(lilei, world, order, Action.PAY_BALANCE)
    card = await open_card(bob, order.id)
    assert "📍 Ships to\n王芳 · +8613800138000\n浦东新区世纪大道 100 号\n上海, 上海市 200120\nChina" in card.content
    assert "ID card number (居民身份证号): 11010519491231002X" in card.content


@pytest.mark.usefixtures("quick_typist")
async def test_once_the_retention_ends_both_sides_read_that_the_address_was_deleted(
    world: World, travel: Travel
) -> None:
    bob, seller, _ = await shop(world)
    lilei = world.person("李雷", "zh")
    await lilei.says("/start")
    shopper = await lilei.account()
    order = await factories.order_in(OrderState.COMPLETED, shopper, seller, ship_to=factories.address())
    assert "Alice Smith" in (await open_card(lilei, order.id)).content  # his own copy, until the retention ends
    assert "Alice Smith" not in (await open_card(bob, order.id)).content  # the order has ended: not the buyer's

    travel.forward(days=current_settings().personal_data_retention_days, minutes=1)
    await run_due(JOB_KINDS)
    days = current_settings().personal_data_retention_days
    assert f"📍 收货地址已在订单结束 {days} 天后删除。" in (await open_card(lilei, order.id)).content
    card = await open_card(bob, order.id)
    assert f"📍 The shipping address was deleted {days} days after the order ended." in card.content
