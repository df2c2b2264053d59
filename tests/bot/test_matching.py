"""Matching in the chat: a customer's new request shows the listings that fit it at once, and the buyers who fit
it best hear of it in their own language, with a link that starts their offer."""

import pytest

from bot.callbacks import ListingAction
from bot.i18n import build_i18n
from bot.outbox import deliver_pending
from core.models.purchase_requests import PurchaseRequest
from core.services.catalog.risk import assess_listing
from core.services.people.users import follow_buyer
from tests import factories
from tests.bot.conftest import World
from tests.bot.test_requests import choose, has_button

pytestmark = pytest.mark.usefixtures("quick_typist")


async def test_a_request_shows_a_fitting_chinese_listing_and_a_chinese_buyer_is_invited_to_offer(world: World) -> None:
    wang = world.person("Wang", language="zh")
    await wang.says("/start")
    seller = await wang.becomes_verified_buyer(("JP",))
    listing = await factories.listing(seller, title="吉田波特单肩包 黑色", brand=None, photo_file_ids=[world.photo()])
    alice = world.person("Alice")
    await alice.says("/start")

    await alice.says("/request")
    extras = await alice.says("波特 单肩包 黑色")
    country = await choose(alice, extras, "skip", "extras")
    category = await choose(alice, country, "country", "JP")
    await choose(alice, category, "category", "bags")
    await alice.says("20000")
    deadline = await alice.says("1")
    summary = await choose(alice, deadline, "deadline", "7")
    await alice.presses(summary, "✅ Confirm")
    request = await PurchaseRequest.get(customer__telegram_id=alice.user.id)

    assert "may already be what you want" in (await alice.next()).content
    card = await alice.next()
    assert card.content.startswith("吉田波特单肩包 黑色") and card.photo
    assert has_button(card, ListingAction(action="buy", listing_id=listing.id).pack())

    await deliver_pending(world.bot, build_i18n())
    notice = await wang.next()
    assert notice.text == (
        f"🔎 有一条新需求与您代购的商品相符：#{request.id}“波特 单肩包 黑色”，JP，1 件预算 JP¥20,000。\n"
        f"去报价：/offer_{request.id}"
    )
    named = await wang.says(f"/offer_{request.id}")
    assert named.text.startswith(f"您具体会为求购 #{request.id} 购买什么？")
    question = await wang.says("波特 Tanker 单肩包 黑色")
    assert f"您对求购 #{request.id} 的单价报多少？顾客的预算为 JP¥20,000，共 1 件。" in question.text
    sent = await wang.says("15000")
    assert "JPY" in sent.text  # the offer wizard goes on: the service fee, in the price's currency


async def test_a_follower_hears_of_a_new_listing_and_opens_it_from_the_notice(world: World) -> None:
    bob = world.person("Bob")
    seller = await bob.becomes_verified_buyer(("JP",))
    dan = world.person("Dan")
    await dan.says("/start")
    await follow_buyer((await dan.account()).id, seller.id)

    listing = await factories.listing(seller, title="Porter Tanker helmet bag", photo_file_ids=[world.photo()])
    await assess_listing(listing.id)
    await deliver_pending(world.bot, build_i18n())

    notice = await dan.next()
    assert (
        notice.text
        == f"🆕 Bob, whom you follow, listed “Porter Tanker helmet bag” for ¥12,800.\nSee it: /listing_{listing.id}"
    )
    card = await dan.says(f"/listing_{listing.id}")
    assert card.content.startswith("Porter Tanker helmet bag")
    assert has_button(card, ListingAction(action="buy", listing_id=listing.id).pack())
