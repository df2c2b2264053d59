"""What moderators see of purchase proof and of a buyer's bond against their open orders."""

from collections.abc import Callable
from decimal import Decimal

from core.config import Settings
from core.domain.money import Money
from core.domain.order_machine import OrderState
from core.services.trade import disputes, reviews
from tests import factories
from tests.admin_web.conftest import Desk


async def test_the_dispute_and_the_order_show_the_expected_code_beside_the_receipt_photo(desk: Desk) -> None:
    order = await factories.order_in(OrderState.DELIVERED)
    await disputes.open_dispute(order.customer_id, order.id, "Looks fake")
    assert order.proof_code

    for path in (f"/disputes/{order.id}", f"/orders/{order.id}"):
        page = await desk.page(path)
        receipt = page[page.index('<div class="receipt">') :]
        assert 'src="/photo/receipt-photo"' in receipt
        assert f"Code the buyer was to write in the photo<br><code>{order.proof_code}</code>" in receipt

    chinese = await desk.page(f"/disputes/{order.id}?lang=zh")
    assert f"买手应手写在照片中的验证码<br><code>{order.proof_code}</code>" in chinese


async def test_a_buyers_page_shows_open_orders_against_the_bond_limit(
    desk: Desk, override_settings: Callable[..., Settings]
) -> None:
    override_settings(bond_exposure_multiple=Decimal("2.5"))
    seller = await factories.buyer(bond=Money(5_120, "JPY"))  # limit 12,800: one bag
    await factories.order_in(OrderState.COMPLETED, seller=seller)  # finished: no longer counts
    await factories.order_in(OrderState.AWAITING_BALANCE, seller=seller)

    page = await desk.page(f"/users/{seller.id}")

    assert "<dt>Open orders (paid or due into escrow)</dt><dd>¥12,800</dd>" in page
    assert "<dt>Bond</dt><dd>¥5,120</dd>" in page
    assert "<dt>Limit (2.5 × bond)</dt><dd>¥12,800</dd>" in page
    assert "At the limit: new offers and orders are refused." in page
    chinese = await desk.page(f"/users/{seller.id}?lang=zh")
    assert "<dt>上限（2.5 × 保证金）</dt>" in chinese and "已达上限" in chinese


async def test_a_buyer_with_neither_bond_nor_orders_says_so(desk: Desk) -> None:
    seller = await factories.buyer(bond=None)

    page = await desk.page(f"/users/{seller.id}")

    assert "No bond and no open order." in page


async def test_the_buyers_history_shows_the_stars_customers_gave_or_new(desk: Desk) -> None:
    order = await factories.order_in(OrderState.COMPLETED)
    await reviews.leave_review(order.customer_id, order.id, 5, "Perfect")
    newcomer = await factories.buyer("Dai")

    page = await desk.page(f"/users/{order.buyer_id}")
    assert '<dt>Reviews as buyer</dt><dd class="reviews">★ 5.0 · 1 review</dd>' in page
    assert '<dd class="reviews">new, no reviews yet</dd>' in await desk.page(f"/users/{newcomer.id}")
    chinese = await desk.page(f"/users/{order.buyer_id}?lang=zh")
    assert '<dd class="reviews">★ 5.0 · 1 条评价</dd>' in chinese
    assert '<dd class="reviews">新买手，暂无评价</dd>' in await desk.page(f"/users/{newcomer.id}")
