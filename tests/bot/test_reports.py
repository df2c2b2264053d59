"""Customers report a fake listing with evidence photos; moderators find it in their queue."""

import pytest

from bot.callbacks import ListingAction, OrderAction
from core.domain.order_machine import OrderState
from core.domain.reports import ReportStatus
from core.models.reports import FakeReport
from tests import factories
from tests.bot.conftest import World
from tests.bot.listing_stories import card_of, listed_bag

pytestmark = pytest.mark.usefixtures("quick_typist")

REPORT = "🚩 Report fake"


async def test_a_customer_reports_a_listing_with_two_evidence_photos(world: World) -> None:
    _, _, bag = await listed_bag(world)
    alice = world.person("Alice")
    card = await card_of(alice, bag)

    reason = await alice.presses(card, REPORT)
    assert "Report a fake." in reason.content and "Why do you think it is fake?" in reason.content
    alice.driver.mark_read(alice.user)
    await alice.driver.send_sticker(alice.user)
    assert (await alice.next()).content.startswith("Please describe it in words.")
    evidence = await alice.says("The logo font is wrong & the stitching is <loose>.")
    assert "Send photos as evidence" in evidence.content
    assert (await alice.says("see the shop's website")).content.startswith("Please send photos, or press Done.")

    album, progress = await alice.sends_album(2)
    assert progress.content == "Photos: 2 of at most 10. Send more, or press Done to send the report."
    thanks = await alice.presses(progress, "Done ✔️")
    assert thanks.content == "Thank you. Moderators will look at your report."

    report = await FakeReport.get(listing_id=bag.id)
    assert report.status is ReportStatus.OPEN and report.reporter_id == (await alice.account()).id
    assert report.reason == "The logo font is wrong & the stitching is <loose>."
    assert report.evidence == [m.photo[-1]["file_id"] for m in album]

    replay = await alice.driver.press_button(alice.user, progress, "Done ✔️")
    assert replay.show_alert and replay.text == "This button is no longer available."
    again = await alice.driver.press_button(alice.user, card, REPORT)
    assert again.show_alert and again.text == "You have already reported this; moderators are looking at it."
    assert await FakeReport.all().count() == 1


async def test_a_report_without_photos_and_the_refusals(world: World) -> None:
    bob, _, bag = await listed_bag(world)
    own_card = await card_of(bob, bag)
    assert REPORT not in own_card.button_texts()
    forged = await bob.driver.press_button(
        bob.user, own_card, data=ListingAction(action="report", listing_id=bag.id).pack()
    )
    assert forged.show_alert and forged.text == "You cannot report your own listing."
    gone = await bob.driver.press_button(
        bob.user, own_card, data=ListingAction(action="report", listing_id=bag.id + 1000).pack()
    )
    assert gone.show_alert and gone.text == "This listing is no longer available."

    carol = world.person("Carol")
    card = await card_of(carol, bag)
    await carol.presses(card, REPORT)
    evidence = await carol.says("Sold at half the shop price.")
    await carol.presses(evidence, "Done ✔️")
    report = await FakeReport.get(listing_id=bag.id)
    assert (report.reporter_id, report.evidence) == ((await carol.account()).id, [])


async def test_cancel_stops_a_report(world: World) -> None:
    _, _, bag = await listed_bag(world)
    dave = world.person("Dave")
    await dave.presses(await card_of(dave, bag), REPORT)
    assert (await dave.says("/cancel")).content.startswith("Cancelled.")
    assert await FakeReport.all().count() == 0


async def test_a_chinese_speaking_customer_reports_a_listing(world: World) -> None:
    _, _, bag = await listed_bag(world)
    mei = world.person("梅", "zh")
    card = await card_of(mei, bag)
    report_data = ListingAction(action="report", listing_id=bag.id).pack()
    label = next(b["text"] for row in card.buttons for b in row if b.get("callback_data") == report_data)
    assert label == "🚩 举报假货"
    reason = await mei.presses(card, label)
    assert "🚩 举报假货。任何步骤都可发送 /cancel 取消。" in reason.content
    assert "您为什么认为这是假货？请用几句话描述可疑之处。" in reason.content
    evidence = await mei.says("商标字体不对。")
    assert [b["callback_data"] for row in evidence.buttons for b in row] == ["c:done:evidence"]
    assert "请发送照片作为证据" in evidence.content and evidence.button_texts() == ["完成 ✔️"]
    _, progress = await mei.sends_album(2)
    assert "照片：2 张" in progress.content and "可继续发送，或按“完成”提交举报。" in progress.content
    thanks = await mei.presses(progress, progress.button_texts()[0])
    assert thanks.content == "谢谢，审核员会处理您的举报。"
    report = await FakeReport.get(listing_id=bag.id)
    assert (report.reason, len(report.evidence)) == ("商标字体不对。", 2)


async def test_a_customer_reports_the_item_of_their_order_from_the_order_card(world: World) -> None:
    seller = world.person("Bob")
    shopper = world.person("Alice")
    bob = await seller.becomes_verified_buyer()
    alice = await shopper.account()
    waiting = await factories.order_in(OrderState.AWAITING_DEPOSIT, alice, bob)
    order = await factories.order_in(OrderState.SHIPPED, alice, bob)
    listing = await shopper.says("/orders")
    world.driver.mark_read(shopper.user)
    await world.driver.press_button(shopper.user, listing, data=OrderAction(action="view", order_id=waiting.id).pack())
    assert "🚩 Report fake" not in (await shopper.next()).button_texts()  # nothing bought yet
    world.driver.mark_read(shopper.user)
    await world.driver.press_button(shopper.user, listing, data=OrderAction(action="view", order_id=order.id).pack())
    card = await shopper.next()
    assert "🚩 Report fake" in card.button_texts()
    question = await shopper.presses(card, "🚩 Report fake")
    assert "fake" in (question.text or "")
    evidence = await shopper.says("The serial number is not in the brand's registry")
    await shopper.presses(evidence, evidence.button_texts()[0])
    report = await FakeReport.get(order_id=order.id)
    assert report.listing_id == order.listing_id and report.reporter_id == alice.id


async def test_reporting_an_order_the_buyer_has_not_bought_yet_says_when_it_can_be_reported(world: World) -> None:
    seller, shopper = world.person("Bob"), world.person("Alice")
    bob = await seller.becomes_verified_buyer()
    waiting = await factories.order_in(OrderState.AWAITING_DEPOSIT, await shopper.account(), bob)
    orders = await shopper.says("/orders")

    refused, sent = await shopper.taps(orders, data=OrderAction(action="report", order_id=waiting.id).pack())

    assert refused.show_alert and not sent
    assert refused.text == (
        "You cannot report this order yet: the buyer has not bought the item, or the order was cancelled or "
        "refunded. Once the buyer uploads the receipt, report it from the order card (/orders)."
    )
    assert not await FakeReport.exists()
