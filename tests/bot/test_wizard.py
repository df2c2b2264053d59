"""What every wizard does the same way (bot/wizard.py), told through the offer wizard: a wrong answer is
explained and asked again without changing anything, and /cancel at any step leaves nothing behind."""

import pytest

from core.models.purchase_requests import Offer
from tests.bot.conftest import World
from tests.bot.test_offers import a_buyer, a_request

pytestmark = pytest.mark.usefixtures("quick_typist")

# (wrong answer, why it is wrong, a right answer) for each typed step of the offer wizard
ANSWERS = (
    ("✨🧴✨", "Please say it in words: at least one letter or number", "Ultimune serum 75ml"),
    ("a lot", "I could not read that as a price.", "¥9,000"),
    ("-5", "Fees cannot be negative.", "0"),
    ("12 USD", "Please use one currency for the price and the fees.", "1,500 JPY"),
    ("0", "Days to ship must be between 1 and 90.", "5"),
    ("x" * 1001, "That is too long: 1001 characters, at most 1000.", "Boxed"),
)


async def test_a_wrong_answer_at_any_step_is_explained_and_asked_again_changing_nothing(world: World) -> None:
    _, request = await a_request(world, quantity=2)
    bob = await a_buyer(world)
    question = await bob.presses(await bob.says("/feed"), "💬 Make offer")

    for wrong, why, right in ANSWERS:
        again = await bob.says(wrong)
        assert again.content.startswith(why) and again.content.endswith(question.content)
        bob.driver.mark_read(bob.user)
        await bob.driver.send_sticker(bob.user)
        assert (await bob.next()).content == "Please type your answer to the question above, or /cancel."
        question = await bob.says(right)

    for shown in ("Item: ¥9,000 × 2", "Service fee: ¥0", "Shipping fee: ¥1,500", "Ships in 5 days", "📝 Boxed"):
        assert shown in question.content
    assert "Total: ¥19,500" in question.content and question.button_texts() == ["✅ Send offer", "❌ Cancel"]
    assert not await Offer.filter(request_id=request.id).exists()


async def test_cancel_at_any_step_leaves_nothing_behind(world: World) -> None:
    _, request = await a_request(world)
    bob = await a_buyer(world)
    first = f"What exactly will you buy for request #{request.id}?"

    for answered in range(len(ANSWERS) + 1):
        assert (await bob.presses(await bob.says("/feed"), "💬 Make offer")).content.startswith(first)
        for _, _, right in ANSWERS[:answered]:
            await bob.says(right)
        assert (await bob.says("/cancel")).content == "Cancelled. What next?"
        assert (await bob.says("5")).content.startswith("Nothing matched “5”")  # a search: no wizard is waiting
    assert not await Offer.filter(request_id=request.id).exists()
