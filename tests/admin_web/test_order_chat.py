"""Moderators read the parties' chat of a disputed order, hidden contacts marked; other orders' chats stay private."""

from core.domain.money import Money
from core.domain.order_machine import OrderState
from core.services.oversight import moderation
from core.services.trade import disputes
from core.services.trade.order_chat import post_message
from tests import factories
from tests.admin_web.conftest import Desk


async def test_the_dispute_page_shows_the_thread_with_hidden_contacts_marked_and_photos(desk: Desk) -> None:
    order = await factories.order_in(OrderState.DELIVERED)
    await post_message(order.id, order.buyer_id, "Shipped! <b>Pay</b> the rest at paypal.me/bob or wechat: bob_88")
    await post_message(order.id, order.customer_id, "It arrived broken, see", photo="chat-photo-1")
    await disputes.open_dispute(order.customer_id, order.id, "Arrived broken")

    page = await desk.page(f"/disputes/{order.id}")

    thread = page[page.index("Chat between the parties") :]
    assert thread.count('class="chat-message"') == 2
    assert thread.index("Buyer</span>") < thread.index("Customer</span>")
    assert "Shipped! &lt;b&gt;Pay&lt;/b&gt; the rest at " in thread and "<b>Pay</b>" not in thread
    assert '<mark class="masked" title="hidden: payment link">[•••] payment link</mark>' in thread
    assert '<mark class="masked" title="hidden: WeChat id">[•••] WeChat id</mark>' in thread
    assert "paypal.me/bob" not in page and "bob_88" not in page
    assert "It arrived broken, see" in thread and 'src="/photo/chat-photo-1"' in thread
    buyer_record = page[page.index("The buyer's history") : page.index("The customer's history")]
    assert '<dd class="contact-attempts">2</dd>' in buyer_record


async def test_an_undisputed_orders_chat_stays_private_and_only_its_size_shows(desk: Desk) -> None:
    order = await factories.order_in(OrderState.SHIPPED)
    await post_message(order.id, order.customer_id, "Any news about the parcel?")
    await post_message(order.id, order.buyer_id, "It is with EMS")

    page = await desk.page(f"/orders/{order.id}")

    assert "2 messages. Moderators read the parties' chat only once the order is disputed." in page
    assert "Any news about the parcel?" not in page and 'class="chat-message"' not in page


async def test_a_settled_dispute_keeps_its_thread_readable_on_the_order_page(desk: Desk) -> None:
    order = await factories.order_in(OrderState.DELIVERED)
    await post_message(order.id, order.customer_id, "The strap is torn")
    await disputes.open_dispute(order.customer_id, order.id, "Torn strap")
    await moderation.settle_dispute(desk.moderator.id, order.id, Money(0, "JPY"), "Normal wear")

    page = await desk.page(f"/orders/{order.id}")

    assert 'class="chat-message"' in page and "The strap is torn" in page


async def test_a_persons_page_counts_the_contacts_hidden_in_their_chats(desk: Desk) -> None:
    order = await factories.order_in(OrderState.DEPOSIT_PAID)
    await post_message(order.id, order.buyer_id, "call me +81 90-1234-5678 or @bob_in_tokyo")

    assert '<dd class="contact-attempts">2</dd>' in await desk.page(f"/users/{order.buyer_id}")
    assert '<dd class="contact-attempts">0</dd>' in await desk.page(f"/users/{order.customer_id}")
