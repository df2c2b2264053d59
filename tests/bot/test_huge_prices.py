"""A price Telegram could never take is refused where it is typed, its amounts written as money ("¥1,093,219")."""

import pytest

from core.models.purchase_requests import Offer, PurchaseRequest
from tests.bot.conftest import World
from tests.bot.test_offers import a_buyer, a_request
from tests.bot.test_requests import up_to_the_budget

pytestmark = pytest.mark.usefixtures("quick_typist")


async def test_a_huge_budget_is_refused_at_its_step_with_formatted_amounts_and_asked_again(world: World) -> None:
    alice = world.person("Alice")
    await alice.says("/start")
    question = await up_to_the_budget(alice, "Porter Tanker bag", "bags")

    for typed, refusal in (
        (
            "100000000000 JPY",
            "The deposit on this price would be ¥30,000,000,000, but Telegram takes at most ¥1,093,219 in one payment.",
        ),
        (
            "100000000 USD",
            "The deposit on this price would be $30,000,000.00, but Telegram takes at most $10,000.00 in one payment.",
        ),
    ):
        again = await alice.says(typed)
        assert again.content.startswith(refusal) and again.content.endswith(question.content), typed

    assert (await alice.says("¥30,000")).content == "How many do you want? (1 to 99)"
    assert not await PurchaseRequest.exists()


async def test_a_huge_offer_price_is_refused_at_its_step_in_chinese_and_a_small_one_waits_for_the_fees(
    world: World,
) -> None:
    await a_request(world, quantity=2)
    wang = await a_buyer(world, "王芳", "zh")
    await wang.presses(await wang.says("/feed"), "💬 报价")
    question = await wang.says("资生堂红腰子精华 75ml")

    again = await wang.says("100000000000")

    # Two at ¥100,000,000,000: the balance alone is far past what one payment can be.
    assert again.content.startswith(
        "按此价格，定金为 JP¥60,000,000,000，但 Telegram 单笔付款最多为 JP¥1,093,219。"
    ) and again.content.endswith(question.content)
    # ¥50 for two is under the least Telegram takes, but the fees still to come may lift the total over it.
    assert (await wang.says("50")).content.startswith("您的服务费是多少（JPY）？")
    assert not await Offer.exists()
