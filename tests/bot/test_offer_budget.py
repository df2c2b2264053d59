"""An offer above the request's budget: the customer sees it flagged beside its total, in the budget's currency."""

import pytest

from bot.callbacks import RequestAction
from core.domain.money import Money
from core.services.money.rates import set_rate
from core.services.sourcing.purchase_requests import create_request
from tests import factories
from tests.bot.conftest import World
from tests.bot.test_requests import offers_at, press, with_two_offers

pytestmark = pytest.mark.usefixtures("quick_typist")


def block_of(content: str, number: int) -> str:
    """The lines of offer #`number` in the offers side by side."""
    return next(block for block in content.split("\n\n") if block.startswith(f"#{number} "))


async def test_the_offer_above_the_budget_is_flagged_and_the_one_within_it_is_not(world: World) -> None:
    alice, request, _, _ = await with_two_offers(world)  # Carol ¥15,500, Bob ¥20,500; the budget is ¥20,000

    compared = await alice.presses(await alice.says("/requests"), f"💬 Offers on #{request.id} (2)")

    assert "⚠️ Above your budget of ¥20,000" in block_of(compared.content, 2)
    assert "Above your budget" not in block_of(compared.content, 1)


async def test_an_offer_in_another_currency_is_compared_with_the_budget_at_the_moderators_rate(world: World) -> None:
    li = world.person("李雷", "zh")
    await li.says("/start")
    budget = factories.request_input(budget=Money(100000, "CNY"))  # CN¥1,000
    request = await create_request((await li.account()).id, budget)
    await set_rate("CNY", "JPY", "20", "mei")  # CN¥1 = ¥20: the budget is worth ¥20,000
    await offers_at(world, request.id, {"Bob": 19000, "Carol": 21000})

    mine = await li.says("/requests")
    await press(li, mine, RequestAction(action="offers", request_id=request.id).pack())
    compared = await li.next()

    assert "⚠️ 超出您的预算 ¥1,000.00（按当前汇率约合 ¥1,050.00）" in block_of(compared.content, 2)
    assert "超出您的预算" not in block_of(compared.content, 1)
