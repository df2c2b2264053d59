"""An order's relay chat in core: who may write, what the other side is sent, and what counts against a sender."""

from datetime import timedelta

import pytest

from core import clock
from core.domain.contacts import MASK
from core.domain.money import Money
from core.domain.order_machine import Actor, OrderState
from core.errors import Forbidden, InvalidInput, InvalidState
from core.models.chat import ChatMessage
from core.models.notifications import Notification
from core.models.orders import Order
from core.models.users import BuyerProfile
from core.services.catalog.risk import assess_listing
from core.services.money import ledger
from core.services.trade import disputes, orders
from core.services.trade.order_chat import contact_attempts_of, post_message, thread_of
from tests import factories


async def test_each_side_writes_and_the_other_is_sent_the_message_as_stored() -> None:
    order = await factories.order_in(OrderState.DEPOSIT_PAID)

    await post_message(order.id, order.customer_id, "  Is the navy one still in stock?  ")
    await post_message(order.id, order.buyer_id, "Yes, here it is", photo="photo-1")
    await post_message(order.id, order.buyer_id, "", photo="photo-2")

    thread = await thread_of(order.id)
    assert [(m.role, m.sender_id, m.text, m.photo_file_id) for m in thread] == [
        (Actor.CUSTOMER, order.customer_id, "Is the navy one still in stock?", None),
        (Actor.BUYER, order.buyer_id, "Yes, here it is", "photo-1"),
        (Actor.BUYER, order.buyer_id, "", "photo-2"),
    ]
    notices = await Notification.filter(key="chat.message").order_by("id")
    assert [(n.user_id, n.params) for n in notices] == [
        (order.buyer_id, {"order_id": order.id, "role": "customer", "text": "Is the navy one still in stock?"}),
        (
            order.customer_id,
            {"order_id": order.id, "role": "buyer", "text": "Yes, here it is", "photo": "photo-1"},
        ),
        (order.customer_id, {"order_id": order.id, "role": "buyer", "text": "", "photo": "photo-2"}),
    ]


async def test_contacts_are_masked_before_anyone_sees_them_and_counted_against_the_sender() -> None:
    order = await factories.order_in(OrderState.BALANCE_PAID)

    message = await post_message(order.id, order.buyer_id, "¥20,000 is fine. wechat: mei_88, or +81 90-1234-5678")
    await post_message(order.id, order.buyer_id, "pay me at paypal.me/mei instead")
    await post_message(order.id, order.customer_id, "No thanks, order #123 stays here")

    assert message.text == f"¥20,000 is fine. {MASK}, or {MASK}"
    assert [part.kind for part in message.masked] == ["wechat", "phone"]
    notice = await Notification.filter(user_id=order.customer_id, key="chat.message").order_by("id").first()
    assert notice is not None and "mei_88" not in notice.params["text"] and "1234" not in notice.params["text"]
    assert await contact_attempts_of(order.buyer_id) == 3
    assert await contact_attempts_of(order.customer_id) == 0
    assert (await ChatMessage.filter(order_id=order.id).order_by("-id").first()).text == (  # type: ignore[union-attr]
        "No thanks, order #123 stays here"
    )


async def test_a_number_is_read_as_dialled_where_the_buyer_buys() -> None:
    """A Singapore mobile is eight digits with no prefix: a number only to a buyer who buys in Singapore."""
    in_japan = await factories.order_in(OrderState.BALANCE_PAID)
    in_singapore = await factories.order_in(
        OrderState.BALANCE_PAID, seller=await factories.buyer("Siew", countries=("SG",))
    )

    kept = await post_message(in_japan.id, in_japan.customer_id, "whatsapp me, 9123 4567 after 6 pm")
    hidden = await post_message(in_singapore.id, in_singapore.customer_id, "whatsapp me, 9123 4567 after 6 pm")

    assert kept.text == "whatsapp me, 9123 4567 after 6 pm"
    assert hidden.text == f"whatsapp me, {MASK} after 6 pm"
    assert await contact_attempts_of(in_singapore.customer_id) == 1


async def test_a_number_is_read_as_dialled_where_the_order_ships() -> None:
    """The same eight digits to a buyer in Japan: kept on an order to Tokyo, hidden on one to Singapore."""
    to_tokyo = await factories.order_in(OrderState.BALANCE_PAID, ship_to=factories.address())
    to_singapore = await factories.order_in(
        OrderState.BALANCE_PAID,
        ship_to=factories.address(
            phone="+65 6123 4567",
            country="SG",
            region="",
            city="Singapore",
            street="1 Raffles Place",
            postcode="048616",
        ),
    )

    kept = await post_message(to_tokyo.id, to_tokyo.customer_id, "whatsapp me, 9123 4567 after 6 pm")
    hidden = await post_message(to_singapore.id, to_singapore.customer_id, "whatsapp me, 9123 4567 after 6 pm")

    assert kept.text == "whatsapp me, 9123 4567 after 6 pm"
    assert hidden.text == f"whatsapp me, {MASK} after 6 pm"


async def test_a_stranger_cannot_write_into_an_order_and_nothing_is_sent() -> None:
    order = await factories.order_in(OrderState.SHIPPED)
    stranger = await factories.customer("Mallory")

    with pytest.raises(Forbidden):
        await post_message(order.id, stranger.id, "hello")

    assert await ChatMessage.all().count() == 0 and await Notification.filter(key="chat.message").count() == 0


async def finished(how: str) -> Order:
    if how == "completed":
        return await factories.order_in(OrderState.COMPLETED)
    order = await factories.order_in(OrderState.DEPOSIT_PAID)
    if how == "cancelled":
        return await orders.cancel_order(order.id, Actor.CUSTOMER, order.customer_id)
    return await orders.refund_order(order.id, Actor.MODERATOR, reason="never shipped")


@pytest.mark.parametrize("how", ["completed", "cancelled", "refunded"])
async def test_a_finished_order_is_no_longer_discussed(how: str) -> None:
    order = await finished(how)

    with pytest.raises(InvalidState) as refused:
        await post_message(order.id, order.customer_id, "one more thing")

    assert refused.value.code == "chat.closed"
    assert await ChatMessage.all().count() == 0


async def test_a_disputed_order_can_still_be_discussed() -> None:
    order = await factories.order_in(OrderState.DELIVERED)
    await disputes.open_dispute(order.customer_id, order.id, "wrong colour")
    await post_message(order.id, order.buyer_id, "I can send a replacement")
    assert len(await thread_of(order.id)) == 1


@pytest.mark.parametrize(("text", "photo", "code"), [("   ", None, "text.empty"), ("x" * 3501, None, "text.too_long"),
                                                     ("x" * 901, "photo-1", "text.too_long")])  # fmt: skip
async def test_empty_or_overlong_messages_are_refused(text: str, photo: str | None, code: str) -> None:
    order = await factories.order_in(OrderState.DEPOSIT_PAID)

    with pytest.raises(InvalidInput) as refused:
        await post_message(order.id, order.customer_id, text, photo)

    assert refused.value.code == code
    assert await Notification.filter(key="chat.message").count() == 0


async def test_a_buyer_who_passes_contacts_in_chats_gets_a_risk_reason_on_new_listings() -> None:
    order = await factories.order_in(OrderState.DEPOSIT_PAID)
    await BuyerProfile.filter(user_id=order.buyer_id).update(decided_at=clock.now() - timedelta(days=400))
    await ledger.post_bond(f"bond:{order.buyer_id}", order.buyer_id, Money(1_000_000, "JPY"))
    seller = await order.buyer
    quiet = await assess_listing((await factories.listing(seller, title="Quiet bag")).id)

    await post_message(order.id, order.buyer_id, "加我微信，电话13800138000")
    assessment = await assess_listing((await factories.listing(seller, title="Another bag")).id)

    assert [reason.code for reason in quiet.reasons] == []
    assert [(r.code, r.params) for r in assessment.reasons] == [("off_platform_contact", {"count": 2})]
    assert assessment.score == 25 and not assessment.held
