"""Reviews in the chat: the customer of a completed order rates and writes once; the buyer replies once."""

import pytest

from bot.callbacks import ReviewReply, ReviewStars
from core.domain.order_machine import OrderState
from core.models.reviews import Review
from core.services.trade import reviews
from tests import factories
from tests.bot.conftest import World
from tests.bot.order_stories import open_card, pair


def stars_data(order_id: int, stars: int) -> str:
    return ReviewStars(order_id=order_id, stars=stars).pack()


async def test_the_customer_rates_and_writes_and_the_buyer_replies_once(world: World) -> None:
    alice, bob, order = await pair(world, OrderState.SHIPPED)
    card = await open_card(alice, order.id)
    _, (asked,) = await alice.taps(card, "✅ Confirm receipt")
    _, (prompt,) = await alice.taps(asked, "✅ Release ¥12,800")
    assert f"How did order #{order.id}" in prompt.content

    _, (question,) = await alice.taps(prompt, "4 ★")
    assert question.content.startswith("★★★★☆\nNow a few words for other customers")
    await world.driver.send_sticker(alice.user)
    assert (await alice.next()).content == "Please type your answer as text, or /cancel."
    assert "That is too long: 2001 characters, at most 2000." in (await alice.says("x" * 2001)).content
    bob.driver.mark_read(bob.user)
    alice.driver.mark_read(alice.user)
    sent = await world.driver.send_text(alice.user, "Genuine <b>bag</b>, slow shipping")
    assert (await alice.next()).content == "Thank you! Your review is published."
    await world.driver.redeliver(sent.update_id or 0)
    news = await bob.next()
    assert news.content.startswith(f"The customer reviewed order #{order.id} ({order.title}): ★★★★☆")
    assert "Genuine <b>bag</b>, slow shipping" in news.content and news.button_texts() == ["💬 Reply"]

    _, (asked,) = await bob.taps(news, "💬 Reply")
    assert "You can reply once." in asked.content
    alice.driver.mark_read(alice.user)
    assert (await bob.says("Sorry, EMS was slow this month.")).content == "Your reply is published."
    answer = await alice.next()
    assert f"The buyer replied to your review of order #{order.id}" in answer.content
    assert "Sorry, EMS was slow this month." in answer.content

    again, sent_again = await bob.taps(news, "💬 Reply")
    assert again.show_alert and again.text == "You have already replied to this review." and sent_again == []
    review = await Review.get(order_id=order.id)
    assert (review.stars, review.text, review.reply) == (
        4,
        "Genuine <b>bag</b>, slow shipping",
        "Sorry, EMS was slow this month.",
    )
    assert await Review.all().count() == 1
    assert sum("reviewed order" in m.content for m in world.driver.messages(bob.user)) == 1


@pytest.mark.usefixtures("quick_typist")
async def test_only_the_customer_of_a_completed_order_rates_it_and_only_once(world: World) -> None:
    alice, bob, order = await pair(world, OrderState.COMPLETED)
    shipped = await factories.order_in(OrderState.SHIPPED, shopper=await alice.account(), seller=await bob.account())
    mallory = world.person("Mallory")
    refusals = [
        (bob, stars_data(order.id, 5), "Only the customer of this order can review it."),
        (mallory, stars_data(order.id, 5), "Only the customer of this order can review it."),
        (alice, stars_data(order.id, 9), "Please give between 1 and 5 stars."),
        (alice, stars_data(shipped.id, 5), "You can review an order once it is completed."),
        (alice, stars_data(order.id + 100, 5), "This order does not exist."),
    ]
    for person, data, text in refusals:
        welcome = await person.says("/start")
        answer, sent = await person.taps(welcome, data=data)
        assert answer.show_alert and answer.text == text and sent == [], data

    welcome = await alice.says("/start")
    await alice.taps(welcome, data=stars_data(order.id, 2))
    assert "Cancelled" in (await alice.says("/cancel")).content
    assert "review" not in (await alice.says("Meh")).content  # no longer writing one
    assert not await Review.exists(order_id=order.id)
    await alice.taps(welcome, data=stars_data(order.id, 3))
    assert (await alice.says("Fine")).content == "Thank you! Your review is published."
    answer, _ = await alice.taps(welcome, data=stars_data(order.id, 5))
    assert answer.show_alert and answer.text == "You have already reviewed this order."
    review = await Review.get(order_id=order.id)
    assert (review.stars, review.text) == (3, "Fine")


async def test_only_the_reviewed_buyer_replies(world: World) -> None:
    alice, bob, order = await pair(world, OrderState.COMPLETED)
    review = await reviews.leave_review(order.customer_id, order.id, 5, "Great")
    mallory = world.person("Mallory")
    for person, review_id, text in (
        (alice, review.id, "This review is not about you."),
        (mallory, review.id, "This review is not about you."),
        (bob, review.id + 100, "This review does not exist any more."),
    ):
        welcome = await person.says("/start")
        answer, sent = await person.taps(welcome, data=ReviewReply(review_id=review_id).pack())
        assert answer.show_alert and answer.text == text and sent == []
    await review.refresh_from_db()
    assert review.reply is None


async def test_a_chinese_speaking_buyer_replies_to_an_english_review(world: World) -> None:
    alice = world.person("Alice")
    welcome = await alice.says("/start")
    wang = world.person("王芳", "zh")
    await wang.says("/start")
    seller = await wang.becomes_verified_buyer()
    order = await factories.order_in(OrderState.COMPLETED, shopper=await alice.account(), seller=seller)
    await alice.taps(welcome, data=stars_data(order.id, 5))
    wang.driver.mark_read(wang.user)
    assert (await alice.says("Perfect")).content == "Thank you! Your review is published."
    news = await wang.next()
    assert "★★★★★" in news.content and "Perfect" in news.content and len(news.button_texts()) == 1
    assert news.content == f"顾客评价了订单 #{order.id}（{order.title}）：★★★★★\nPerfect\n\n您可以回复一次。"
    assert news.button_texts() == ["💬 回复"]
    _, (question,) = await wang.taps(news, news.button_texts()[0])
    assert question.content.startswith("请输入您的回复，所有查看这条评价的人都能看到。仅可回复一次。")
    alice.driver.mark_read(alice.user)
    assert (await wang.says("谢谢您的好评！")).content == "您的回复已发布。"
    reply = (await alice.next()).content
    assert "谢谢您的好评！" in reply
    assert reply == f"The buyer replied to your review of order #{order.id} ({order.title}):\n谢谢您的好评！"
    assert (await Review.get(order_id=order.id)).reply == "谢谢您的好评！"
