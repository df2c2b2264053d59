"""Customers see a buyer's honest stars on every card and read the reviews behind them, newest first."""

from core.domain.order_machine import OrderState
from core.models.users import User
from core.services.trade import reviews
from sandbox.views import ChatMessage
from tests import factories
from tests.bot.conftest import World
from tests.bot.listing_stories import card_of, listed_bag
from tests.bot.order_stories import open_card
from tests.bot.test_requests import with_two_offers


async def reviewed(seller: User, stars: int, text: str, shopper: User | None = None) -> int:
    """A completed order of the seller's, reviewed by its customer: the review's id."""
    order = await factories.order_in(OrderState.COMPLETED, shopper=shopper, seller=seller)
    return (await reviews.leave_review(order.customer_id, order.id, stars, text)).id


async def test_a_new_buyer_shows_as_new_and_one_review_shows_as_it_was_given(world: World) -> None:
    _, seller, bag = await listed_bag(world)
    alice = world.person("Alice")
    await alice.says("/start")

    card = await card_of(alice, bag)
    assert "Bob · ✅ verified · 🆕 new · 0 orders completed" in card.content
    assert "★" not in card.content and "⭐ Reviews" not in card.button_texts()

    await reviewed(seller, 5, "Genuine, fast")
    card = await card_of(alice, bag)
    assert "★ 5.0 · 1 review · 1 order completed" in card.content  # not 3.8, and not "1 reviews"
    _, (page,) = await alice.taps(card, "⭐ Reviews")
    assert page.content.startswith("Reviews of Bob\n★ 5.0 · 1 review\n\n★★★★★ · ")
    assert page.content.endswith("\nGenuine, fast") and page.buttons == []


async def test_in_chinese_a_new_buyer_and_one_review(world: World) -> None:
    _, seller, bag = await listed_bag(world)
    lilei = world.person("李雷", language="zh")
    await lilei.says("/start")

    card = await card_of(lilei, bag)
    assert "🆕 新买手 · 已完成 0 单" in card.content and "⭐ 评价" not in card.button_texts()

    await reviewed(seller, 5, "正品，发货快")
    card = await card_of(lilei, bag)
    assert "★ 5.0 · 1 条评价 · 已完成 1 单" in card.content
    _, (page,) = await lilei.taps(card, "⭐ 评价")
    assert page.content.startswith("Bob 的评价\n★ 5.0 · 1 条评价\n\n★★★★★ · ")
    assert "正品，发货快" in page.content


async def test_the_reviews_page_newest_first_with_the_buyers_replies(world: World) -> None:
    _, seller, _ = await listed_bag(world)
    alice = world.person("Alice")
    await alice.says("/start")
    for n, stars in enumerate((4, 5, 3, 5, 5, 2), 1):
        review_id = await reviewed(seller, stars, f"Review {n}")
        if n in (1, 6):
            await reviews.reply_to_review(seller.id, review_id, f"Reply to {n}")
    order = await factories.order_in(OrderState.COMPLETED, shopper=await alice.account(), seller=seller)
    await reviews.leave_review(order.customer_id, order.id, 5, "Alice's own")

    card = await open_card(alice, order.id)  # the buyer's card on Alice's order
    assert "★ 4.1 · 7 reviews" in card.content
    _, (first,) = await alice.taps(card, "⭐ Reviews")
    assert first.content.startswith("Reviews of Bob\n★ 4.1 · 7 reviews\n\n★★★★★ · ")
    assert words_in(first) == [
        "Alice's own",
        "Review 6",
        "↪️ The buyer replied: Reply to 6",
        "Review 5",
        "Review 4",
        "Review 3",
    ]
    assert first.button_texts() == ["More ▶"]

    _, (second,) = await alice.taps(first, "More ▶")
    assert words_in(second) == ["Review 2", "Review 1", "↪️ The buyer replied: Reply to 1"]
    assert second.button_texts() == []
    assert world.driver.refreshed(first).buttons == []  # More has done its job


def words_in(page: ChatMessage) -> list[str]:
    """The reviews' texts and replies on a page of reviews, top to bottom, without the heading, stars and dates."""
    return [line for line in page.content.splitlines()[2:] if line and not line.startswith("★")]


async def test_offers_side_by_side_open_each_reviewed_buyers_reviews(world: World) -> None:
    alice, request, buyers, _ = await with_two_offers(world)
    await reviewed(await buyers["Bob"].account(), 4, "Careful packing")

    mine = await alice.says("/requests")
    compared = await alice.presses(mine, f"💬 Offers on #{request.id} (2)")
    assert "#1 👤 Carol · ✅ verified · 🆕 new" in compared.content
    assert "#2 👤 Bob · ✅ verified · ★ 4.0 · 1 review" in compared.content
    assert compared.buttons[1][2]["text"] == "⭐ Reviews #2" and len(compared.buttons[0]) == 2  # Carol has none
    _, (page,) = await alice.taps(compared, "⭐ Reviews #2")
    assert page.content.startswith("Reviews of Bob\n★ 4.0 · 1 review") and "Careful packing" in page.content
