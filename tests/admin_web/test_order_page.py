"""Any order, opened from the orders search or from a person's page: who, what it costs, what happened, what moved."""

from typing import Any

from aiohttp.test_utils import TestClient

from core.domain.order_machine import OrderState
from core.services.runtime import scheduler
from core.services.runtime.job_kinds import JOB_KINDS
from core.services.trade import disputes
from tests import factories
from tests.admin_web.conftest import Desk, moderator, sign_in
from tests.conftest import Travel


def money(minor_units: int) -> str:
    return f"¥{minor_units:,}"


async def test_an_order_page_shows_parties_prices_timeline_ledger_payments_and_receipt(desk: Desk) -> None:
    order = await factories.order_in(OrderState.SHIPPED)

    page = await desk.page(f"/orders/{order.id}")

    assert f'href="/users/{order.customer_id}">Alice' in page and f'href="/users/{order.buyer_id}">Bob' in page
    assert f'href="/listings/{order.listing_id}">#{order.listing_id} Porter Tanker shoulder bag' in page
    assert '<dd class="state">Shipped</dd>' in page
    assert "<dt>Total</dt><dd>¥12,800</dd>" in page
    assert f"<dt>Deposit</dt><dd>{money(order.deposit_amount)}</dd>" in page
    assert f"<dt>Balance</dt><dd>{money(order.balance_amount)}</dd>" in page
    assert '<dd class="held">¥12,800</dd>' in page
    assert "Buyer · receipt uploaded (Deposit paid → Purchased)" in page
    assert "EMS EJ123456789JP" in page
    assert page.count('class="ledger-entry"') == 4 and page.count("Payment into escrow") == 4
    assert page.count('class="payment"') == 2 and "factory-charge-" in page
    assert 'src="/photo/receipt-photo"' in page
    assert "/disputes/" not in page


async def test_an_order_page_shows_the_deadlines_and_the_one_the_buyer_missed(
    client: TestClient[Any, Any], travel: Travel
) -> None:
    order = await factories.order_in(OrderState.BALANCE_PAID)
    travel.forward(days=order.days_to_ship)
    await scheduler.run_due(JOB_KINDS)
    desk = await sign_in(client, await moderator())  # a week later

    page = await desk.page(f"/orders/{order.id}")

    assert "<dt>Purchase by</dt>" in page and "<dt>Ship by</dt>" in page and "<dt>Completes by itself</dt>" not in page
    assert '<dt>Missed by the buyer</dt><dd class="missed">Ship by</dd>' in page
    assert '<dd class="state">Refunded</dd>' in page


async def test_a_disputed_order_links_to_its_dispute(desk: Desk) -> None:
    order = await factories.order_in(OrderState.DELIVERED)
    await disputes.open_dispute(order.customer_id, order.id, "Arrived broken")

    page = await desk.page(f"/orders/{order.id}")

    assert f'href="/disputes/{order.id}"' in page
    assert "Customer · dispute opened (Delivered → Disputed): <q>Arrived broken</q>" in page
    assert f'href="/orders/{order.id}"' in await desk.page(f"/disputes/{order.id}")


async def test_an_unpaid_order_has_no_money_moved_yet(desk: Desk) -> None:
    order = await factories.order_in(OrderState.AWAITING_DEPOSIT)

    page = await desk.page(f"/orders/{order.id}")

    assert "No money has moved for this order." in page and "No payment yet." in page
    assert '<dd class="state">Awaiting deposit</dd>' in page


async def test_an_unknown_order_is_not_found(desk: Desk) -> None:
    response = await desk.get("/orders/999999")

    assert response.status == 404
    assert "There is no such order." in await response.text()


async def test_orders_are_reached_from_the_search_and_from_each_persons_page(desk: Desk) -> None:
    seller = await factories.buyer("Bob")
    mine = await factories.order_in(OrderState.DEPOSIT_PAID, seller=seller)
    someone_elses = await factories.order_in(OrderState.DEPOSIT_PAID)

    assert f'href="/orders/{mine.id}"' in await desk.page("/orders")
    person = await desk.page(f"/users/{seller.id}")
    assert f'href="/orders/{mine.id}"' in person and f'href="/orders/{someone_elses.id}"' not in person
    of_the_seller = await desk.page(f"/orders?user={seller.id}")
    assert f'href="/orders/{mine.id}"' in of_the_seller and f'href="/orders/{someone_elses.id}"' not in of_the_seller
    of_the_customer = await desk.page(f"/orders?user={mine.customer_id}")
    assert f'href="/orders/{mine.id}"' in of_the_customer
