"""A customer declines one offer without cancelling the request: its buyer is told, and it cannot be accepted after."""

import pytest

from bot.callbacks import OfferAction
from core.domain.purchase_requests import OfferStatus, RequestStatus
from core.models.notifications import Notification
from core.models.orders import Order
from core.models.purchase_requests import Offer, PurchaseRequest
from tests.bot.conftest import World, notices_sent
from tests.bot.test_requests import press, with_two_offers

pytestmark = pytest.mark.usefixtures("quick_typist")

NO_LONGER = "This offer is no longer available."


async def test_declining_one_offer_keeps_the_request_open_and_tells_that_buyer_in_their_language(
    world: World,
) -> None:
    alice, request, buyers, offers = await with_two_offers(world, bob_language="zh")
    mine = await alice.says("/requests")
    compared = await alice.presses(mine, f"💬 Offers on #{request.id} (2)")
    decline_bobs = OfferAction(action="decline", offer_id=offers["Bob"].id).pack()

    answer, _ = await press(alice, compared, decline_bobs)

    assert answer.text == "Offer declined; the buyer has been told. Your request stays open." and not answer.show_alert
    shown = world.driver.refreshed(compared)
    assert "#1 👤 Carol" in shown.content and "Bob" not in shown.content
    assert shown.button_texts() == ["✅ Accept #1", "✖️ Decline #1", "❌ Cancel request"]
    assert (await Offer.get(id=offers["Bob"].id)).status is OfferStatus.DECLINED
    assert (await Offer.get(id=offers["Carol"].id)).status is OfferStatus.PENDING
    assert (await PurchaseRequest.get(id=request.id)).status is RequestStatus.OPEN
    await notices_sent()
    told = await buyers["Bob"].next()
    assert told.content.startswith(f"顾客谢绝了您对求购 #{request.id}（Shiseido Ultimune serum")
    carol = await buyers["Carol"].account()
    assert not await Notification.filter(user_id=carol.id, key__startswith="offer.declined").exists()


async def test_a_declined_offer_cannot_be_accepted_and_replayed_or_foreign_presses_are_refused(world: World) -> None:
    alice, request, _, offers = await with_two_offers(world)
    compared = await alice.presses(await alice.says("/requests"), f"💬 Offers on #{request.id} (2)")
    decline_bobs = OfferAction(action="decline", offer_id=offers["Bob"].id).pack()
    accept_bobs = OfferAction(action="accept", offer_id=offers["Bob"].id).pack()
    await press(alice, compared, decline_bobs)

    for data in (decline_bobs, accept_bobs):  # a second press, or the Accept still on an older message
        answer, sent = await press(alice, compared, data)
        assert answer.show_alert and answer.text == NO_LONGER and sent == [], data
    assert not await Order.exists() and (await PurchaseRequest.get(id=request.id)).status is RequestStatus.OPEN

    mallory = world.person("Mallory", "zh")
    welcome = await mallory.says("/start")
    answer, sent = await press(mallory, welcome, OfferAction(action="decline", offer_id=offers["Carol"].id).pack())
    assert answer.show_alert and answer.text == "这不是您的求购。" and sent == []
    assert (await Offer.get(id=offers["Carol"].id)).status is OfferStatus.PENDING
