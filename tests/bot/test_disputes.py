"""Disputes as both sides live them in the chat: a complaint with photos, an answer, refund proposals,
and the two endings: an agreement, or a moderator's decision once the time to agree is up."""

from datetime import timedelta

import pytest

from bot.callbacks import DisputeAction
from bot.i18n import build_i18n
from bot.outbox import deliver_pending
from core import clock
from core.domain.disputes import DisputeStatus
from core.domain.money import Money
from core.domain.order_machine import OrderState
from core.models.disputes import Dispute, RefundProposal
from core.models.moderators import Moderator
from core.services.money import ledger
from core.services.oversight import moderation, moderation_queues
from core.services.trade import disputes
from tests import factories
from tests.bot.conftest import World, notices_sent
from tests.bot.order_stories import open_card, pair


async def delivered(world: World) -> None:
    """The outbox's next round."""
    await deliver_pending(world.bot, build_i18n())


@pytest.mark.usefixtures("quick_typist")
async def test_a_dispute_settled_by_agreement_each_side_in_its_language(world: World) -> None:
    alice, bob, order = await pair(world, OrderState.DELIVERED, customer_language="zh")
    await delivered(world)  # "marked as delivered"

    # Alice complains with a reason and a photo; the order freezes.
    card = await open_card(alice, order.id)
    _, (question,) = await alice.taps(card, "⚠️ 发起争议")
    assert f"订单 #{order.id} 有什么问题？" in question.content
    asked = await alice.says("表带断了，缝线也不对")
    assert "最多 5 张" in asked.content and asked.button_texts() == ["完成 ✔️"]
    counted = await alice.sends_photo()
    assert counted.content == "照片：1 张，最多 5 张。继续发送，或按“完成”发送。"
    _, (opened, card) = await alice.taps(counted, "完成 ✔️")
    assert f"已为订单 #{order.id} 发起争议。款项继续托管。您和买手有 48 小时商定退款" in opened.content
    assert "<b>争议：</b>表带断了" not in card.content and "争议：表带断了，缝线也不对" in card.content
    assert "💬 提议退款" in card.button_texts()
    dispute = await Dispute.get(order_id=order.id)
    assert len(dispute.evidence) == 1 and (await factories.fresh(order)).state is OrderState.DISPUTED

    # Bob hears of it in English, answers, and proposes 40% back; an impossible share is refused first.
    await delivered(world)
    news = await bob.next()
    assert f"The customer opened a dispute on order #{order.id} “{order.title}”:\n表带断了，缝线也不对" in news.content
    _, (bob_card,) = await bob.taps(news, f"📦 Open order #{order.id}")
    assert bob_card.button_texts() == ["💬 Message the customer", "✍️ Answer", "💬 Propose a refund"]
    assert "Photos from the customer: 1" in bob_card.content and "The buyer has not answered yet." in bob_card.content
    await bob.taps(bob_card, "✍️ Answer")
    asked = await bob.says("I sent exactly the listed bag, strap included.")
    _, (said, bob_card) = await bob.taps(asked, "Done ✔️")
    assert said.content == "Your answer is sent to the customer."
    assert "The buyer answers: I sent exactly the listed bag" in bob_card.content
    assert bob_card.button_texts() == ["💬 Message the customer", "💬 Propose a refund"]
    _, (question,) = await bob.taps(bob_card, "💬 Propose a refund")
    assert "At most ¥12,800, what the customer paid." in question.content
    refused = await bob.says("150%")
    assert refused.content.startswith("The refund must be more than zero and at most ¥12,800, what the customer paid.")
    assert not await RefundProposal.exists()
    proposed = await bob.says("40%")
    assert proposed.content.startswith("You proposed ¥5,120 back to the customer, the rest to the buyer.")

    # Alice reads both in Chinese and accepts; forged and replayed presses change nothing.
    await delivered(world)
    answered, offer = await alice.next(), await alice.next()
    assert "买手答复了您对订单" in answered.content and "strap included" in answered.content
    assert offer.content == (
        f"🤝 买手提议就订单 #{order.id}“{order.title}”退还您 JP¥5,120，其余归买手。打开订单即可接受或拒绝。"
    )
    _, (alice_card,) = await alice.taps(offer, f"📦 查看订单 #{order.id}")
    assert alice_card.button_texts()[-3:] == ["✅ 接受 JP¥5,120", "❌ 拒绝", "💬 提议退款"]
    proposal = await RefundProposal.get(dispute_id=dispute.id)
    accept = DisputeAction(action="accept", id=proposal.id).pack()
    own, sent = await bob.taps(bob_card, data=accept)
    assert own.show_alert and own.text == "This is your own proposal; the other side answers it." and sent == []
    carol = world.person("Carol")
    hello = await carol.says("/start")
    stranger, _ = await carol.taps(hello, data=accept)
    assert stranger.show_alert and stranger.text == "This order is not yours."
    assert (await factories.fresh(order)).state is OrderState.DISPUTED

    agreed, _ = await alice.taps(alice_card, "✅ 接受 JP¥5,120")
    assert agreed.text == "已同意：争议已解决，款项已结算。"
    assert "↩️ 已退款" in world.driver.refreshed(alice_card).content
    assert await ledger.balance(ledger.refunds_of(order.customer_id), "JPY") == 5120
    assert await ledger.balance(ledger.earnings_of(order.buyer_id), "JPY") == 7680 - 384  # the rest, minus 5%
    replayed, sent = await alice.taps(alice_card, data=accept)
    assert replayed.show_alert and replayed.text == "此争议已结束。" and sent == []
    assert await ledger.balance(ledger.refunds_of(order.customer_id), "JPY") == 5120
    assert (await Dispute.get(id=dispute.id)).status is DisputeStatus.SETTLED

    await notices_sent()  # both are told once, each in their language (it may arrive while Alice taps)
    told_alice = [m.content for m in world.driver.messages(alice.user)]
    assert (
        told_alice.count(f"🤝 订单 #{order.id}“{order.title}”的争议已协商解决。\n退还顾客：JP¥5,120；其余款项归买手。")
        == 1
    )
    told_bob = [m.content for m in world.driver.messages(bob.user)]
    assert (
        told_bob.count(
            f"🤝 The dispute over order #{order.id} “{order.title}” is settled by agreement.\n"
            "Refunded to the customer: ¥5,120; the rest goes to the buyer."
        )
        == 1
    )


@pytest.mark.usefixtures("quick_typist")
async def test_no_agreement_in_time_goes_to_a_moderator_who_decides(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice, bob, order = await pair(world, OrderState.SHIPPED)
    await disputes.open_dispute(order.customer_id, order.id, "It never arrived", [world.photo()])

    # Alice asks for everything back; an amount above what she paid is refused. Bob declines.
    card = await open_card(alice, order.id)
    _, (question,) = await alice.taps(card, "💬 Propose a refund")
    assert "At most ¥12,800" in question.content
    assert (await alice.says("12801")).content.startswith("The refund must be more than zero and at most ¥12,800")
    assert (await alice.says("0")).content.startswith("The refund must be more than zero")
    assert (await alice.says("¥12,800")).content.startswith("You proposed ¥12,800 back to the customer")
    await delivered(world)
    news = await bob.next()  # the complaint
    offer = await bob.next()
    assert offer.content.startswith(f"🤝 The customer proposes a refund of ¥12,800 for order #{order.id}")
    _, (bob_card,) = await bob.taps(offer, f"📦 Open order #{order.id}")
    declined, _ = await bob.taps(bob_card, "❌ Decline")
    assert declined.text == "Declined. You can propose another amount."
    assert "❌ Decline" not in world.driver.refreshed(bob_card).button_texts()
    await delivered(world)
    assert "was declined. You can propose another amount." in (await alice.next()).content
    assert "It never arrived" in news.content

    # Two days on, the dispute goes to the moderators; proposing is over, and both are told.
    later = clock.now() + timedelta(hours=48, seconds=1)
    monkeypatch.setattr("core.clock.now", lambda: later)
    assert await disputes.escalate_overdue_disputes() == 1
    assert await disputes.escalate_overdue_disputes() == 0
    await delivered(world)
    for person in (alice, bob):
        assert "in time: a moderator now decides the dispute" in (await person.next()).content
    card = await open_card(alice, order.id)
    assert "⚖️ No agreement in time: a moderator is deciding." in card.content
    assert "💬 Propose a refund" not in card.button_texts()
    late, _ = await alice.taps(card, data=DisputeAction(action="propose", id=order.id).pack())
    assert late.text == "This dispute is with the moderators now; they will decide."

    # The moderator reads the case in the queue and refunds half; the ledger settles and both hear it.
    queue = await moderation_queues.open_disputes()
    assert [o.id for o in queue.items] == [order.id]
    case = await moderation_queues.dispute_case(order.id)
    assert case.dispute is not None and case.dispute.reason == "It never arrived" and len(case.dispute.evidence) == 1
    assert [p.refund for p in case.proposals] == [Money(12800, "JPY")]
    mod = await Moderator.create(username="mei", password_hash="x")
    await moderation.settle_dispute(mod.id, order.id, Money(6400, "JPY"), "Lost in the post: half each")
    assert await ledger.balance(ledger.refunds_of(order.customer_id), "JPY") == 6400
    assert await ledger.balance(ledger.escrow_of(order.id), "JPY") == 0
    assert (await Dispute.get(order_id=order.id)).status is DisputeStatus.DECIDED
    await delivered(world)
    for person in (alice, bob):
        told = (await person.next()).content
        assert "is settled.\nRefunded to the customer: ¥6,400" in told and "Lost in the post: half each" in told
