"""Customer and buyer talk about an order through the bot, never learning each other's username or phone."""

import pytest
from aiohttp.test_utils import TestClient, TestServer

from admin_web.app import create_app
from bot.callbacks import OrderChat
from core.domain.order_machine import Actor, OrderState
from core.models.chat import ChatMessage as StoredChatMessage
from core.models.notifications import Notification
from core.models.orders import Order
from core.services.trade import disputes, orders
from core.services.trade.order_chat import contact_attempts_of
from sandbox.views import ChatMessage
from tests import factories
from tests.admin_web.conftest import moderator, sign_in
from tests.bot.conftest import Person, World, notices_sent
from tests.bot.order_stories import open_card

MASK = "[•••]"


async def people(world: World, customer_language: str = "en") -> tuple[Person, Person, Order]:
    """Alice (@alice_home) and Bob (@bob_in_tokyo), with an order whose deposit Alice has paid."""
    bob = Person(world.driver, world.driver.create_user("Bob", username="bob_in_tokyo"))
    await bob.says("/start")
    seller = await bob.becomes_verified_buyer()
    alice = Person(
        world.driver, world.driver.create_user("Alice", username="alice_home", language_code=customer_language)
    )
    await alice.says("/start")
    order = await factories.order_in(OrderState.DEPOSIT_PAID, shopper=await alice.account(), seller=seller)
    return alice, bob, order


_relayed_before: dict[str, int] = {}  # per test's bot


async def delivered(world: World) -> int:
    """Once the outbox has sent what is due: how many chat messages it relayed since the last look."""
    await notices_sent()
    relayed = await Notification.filter(key="chat.message", sent_at__isnull=False).count()
    before, _relayed_before[world.bot.token] = _relayed_before.get(world.bot.token, 0), relayed
    return relayed - before


def everything_shown_to(person: Person) -> str:
    return "\n".join(message.content for message in person.driver.messages(person.user))


@pytest.mark.usefixtures("quick_typist")
async def test_customer_and_buyer_exchange_text_and_a_photo_with_contacts_masked(world: World) -> None:
    alice, bob, order = await people(world)

    card = await open_card(alice, order.id)
    assert card.button_texts() == ["✖️ Cancel", "⚠️ Open dispute", "💬 Message the buyer", "📍 Give address"]
    _, (intro,) = await alice.taps(card, "💬 Message the buyer")
    assert f"You are writing to the buyer of order #{order.id} (" in intro.content
    assert intro.button_texts() == ["🚪 Leave the chat"]

    note = await alice.says("Is it the navy one? ¥20,000 ok. My wechat: alice_88, or call +81 90-1234-5678")
    assert note.content.startswith("✉️ Sent to the buyer.\n🔒 Contact details and payment links were hidden")
    bob.driver.mark_read(bob.user)
    assert await delivered(world) == 1
    relayed = await bob.next()
    assert relayed.content == (
        f"💬 Order #{order.id} — customer:\nIs it the navy one? ¥20,000 ok. My {MASK}, or call {MASK}"
    )
    assert relayed.button_texts() == ["↩️ Reply"]

    _, (intro,) = await bob.taps(relayed, "↩️ Reply")
    assert f"You are writing to the customer of order #{order.id} (" in intro.content
    await world.driver.send_photo(bob.user, caption="Yes, navy. Pay here: paypal.me/bob")
    assert (await bob.next()).content.startswith("✉️ Sent to the customer.\n🔒")
    await world.driver.send_photo(bob.user)
    assert (await bob.next()).content == "✉️ Sent to the customer."
    assert await delivered(world) == 2
    captioned, bare = await alice.next(), await alice.next()
    assert captioned.photo and captioned.caption == f"💬 Order #{order.id} — buyer:\nYes, navy. Pay here: {MASK}"
    assert bare.photo and bare.caption == f"💬 Order #{order.id} — buyer:"
    assert captioned.button_texts() == ["↩️ Reply"]

    # Alice leaves: what she types next is a search again, not a message to Bob.
    _, (left,) = await alice.taps(intro_of(alice), "🚪 Leave the chat")
    assert left.content == "You left the chat. What next?"
    await alice.says("navy tanker")
    assert await Notification.filter(key="chat.message").count() == 3
    assert await contact_attempts_of((await alice.account()).id) == 2
    assert await contact_attempts_of((await bob.account()).id) == 1

    for secret in ("bob_in_tokyo", "paypal.me/bob"):
        assert secret not in everything_shown_to(alice)
    for secret in ("alice_home", "alice_88", "1234-5678"):
        assert secret not in everything_shown_to(bob)


def intro_of(person: Person) -> ChatMessage:
    """The last chat introduction this person was shown (it carries the Leave button)."""
    return next(m for m in reversed(person.driver.messages(person.user)) if m.button_texts() == ["🚪 Leave the chat"])


@pytest.mark.usefixtures("quick_typist")
async def test_a_chinese_customer_writes_and_reads_in_chinese_while_the_buyer_reads_english(world: World) -> None:
    lilei, bob, order = await people(world, customer_language="zh")

    card = await open_card(lilei, order.id)
    assert "💬 联系买手" in card.button_texts()
    _, (intro,) = await lilei.taps(card, "💬 联系买手")
    assert f"您正在给订单 #{order.id}" in intro.content and "买手" in intro.content
    note = await lilei.says("价格¥20,000可以吗？加我微信，电话13800138000")
    assert note.content.startswith("✉️ 已发送给买手。\n🔒")
    bob.driver.mark_read(bob.user)
    await delivered(world)
    relayed = await bob.next()
    assert relayed.content == f"💬 Order #{order.id} — customer:\n价格¥20,000可以吗？{MASK}，电话{MASK}"

    await bob.taps(relayed, "↩️ Reply")
    await bob.says("Yes, ¥20,000 is fine")
    await delivered(world)
    answer = await lilei.next()
    assert answer.content == f"💬 订单 #{order.id} — 买手：\nYes, ¥20,000 is fine"
    assert answer.button_texts() == ["↩️ 回复"]
    _, (left,) = await lilei.taps(intro, "🚪 离开对话")
    assert left.content == "您已离开对话。接下来想做什么？"


async def test_a_stranger_pressing_a_forged_chat_button_is_refused_and_sends_nothing(world: World) -> None:
    _, _, order = await people(world)
    mallory = world.person("Mallory")
    welcome = await mallory.says("/start")

    answer, sent = await mallory.taps(welcome, data=OrderChat(order_id=order.id).pack())
    assert answer.show_alert and answer.text == "This order is not yours." and sent == []
    await mallory.says("hello, I am the buyer, pay me at paypal.me/mallory")

    assert await StoredChatMessage.all().count() == 0 and await Notification.filter(key="chat.message").count() == 0


@pytest.mark.usefixtures("quick_typist")
async def test_once_the_order_is_finished_its_chat_closes(world: World) -> None:
    alice, _, order = await people(world)
    card = await open_card(alice, order.id)
    await alice.taps(card, "💬 Message the buyer")
    await orders.cancel_order(order.id, Actor.CUSTOMER, order.customer_id)

    refused = await alice.says("still there?")
    assert refused.content.startswith(f"Order #{order.id} is finished, so its chat is closed.")
    answer, _ = await alice.taps(card, data=OrderChat(order_id=order.id).pack())
    assert answer.text == f"Order #{order.id} is finished, so its chat is closed."
    assert "💬 Message the buyer" not in (await open_card(alice, order.id)).button_texts()
    assert await StoredChatMessage.all().count() == 0


@pytest.mark.usefixtures("quick_typist")
async def test_stickers_are_not_passed_on_and_the_chat_stays_open(world: World) -> None:
    alice, _, order = await people(world)
    await alice.taps(await open_card(alice, order.id), "💬 Message the buyer")

    alice.driver.mark_read(alice.user)
    await world.driver.send_sticker(alice.user)
    assert (await alice.next()).content.startswith("Only text and photos can be passed on.")
    assert (await alice.says("ok, in words then")).content == "✉️ Sent to the buyer."


@pytest.mark.usefixtures("quick_typist")
async def test_the_moderator_reads_the_chat_of_the_disputed_order_as_the_parties_wrote_it(world: World) -> None:
    alice, bob, order = await people(world)
    await alice.taps(await open_card(alice, order.id), "💬 Message the buyer")
    await alice.says("Where is my bag? Text me on +44 7700 900123")
    await delivered(world)
    await bob.taps(world.driver.last_message(bob.user), "↩️ Reply")
    await world.driver.send_photo(bob.user, caption="Bought, here is the <receipt>")
    await bob.next()
    await disputes.open_dispute(order.customer_id, order.id, "It never shipped")

    async with TestClient(TestServer(create_app(open_database=False))) as client:
        desk = await sign_in(client, await moderator())
        page = await desk.page(f"/disputes/{order.id}")

    thread = page[page.index("Chat between the parties") :]
    assert "Customer</span>: <span" in thread and "Where is my bag? Text me on " in thread
    assert '<mark class="masked" title="hidden: phone number">[•••] phone number</mark>' in thread
    assert "Buyer</span>: <span" in thread and "Bought, here is the &lt;receipt&gt;" in thread
    photo = (await StoredChatMessage.get(sender__telegram_id=bob.user.id)).photo_file_id
    assert photo and f'src="/photo/{photo}"' in thread
    assert "7700 900123" not in page


@pytest.mark.usefixtures("quick_typist")
async def test_a_main_menu_button_ends_the_chat_so_a_search_typed_next_is_not_sent(world: World) -> None:
    alice, _, order = await people(world)
    await alice.taps(await open_card(alice, order.id), "💬 Message the buyer")

    mine = await alice.says("📦 My orders")
    assert f"#{order.id} · 🛒 buying" in mine.content
    assert not (await alice.says("porter tanker")).content.startswith("✉️")

    assert await Notification.filter(key="chat.message").count() == 0
