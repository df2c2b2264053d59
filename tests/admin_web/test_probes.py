"""The admin web's probes: `/metrics` needs no sign-in and shows no one, `/health/ready` names what is down."""

from collections.abc import Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from tortoise.connection import connections

from core.config import Settings
from core.domain.invoices import PaymentPurpose
from core.domain.order_machine import Actor, OrderState
from core.services.money import payments
from core.services.trade import orders
from tests import factories
from tests.conftest import REDIS_TEST_URL
from tests.scrapes import scrape

Client = TestClient[Any, Any]
CLOSED_PORT = "redis://127.0.0.1:1/0"  # nothing listens on port 1


async def test_payments_recorded_and_refunded_show_in_the_metrics_without_signing_in_or_naming_anyone(
    client: Client,
) -> None:
    shopper = await factories.customer("Zhao Lei")
    paid = await factories.order_in(OrderState.AWAITING_DEPOSIT, shopper=shopper)
    late = await factories.order_in(OrderState.AWAITING_DEPOSIT, shopper=shopper)
    before = await scrape(client)

    for order in (paid, late):
        due = await payments.invoice_for(order.id, shopper.id, PaymentPurpose.DEPOSIT)
        if order is late:  # the customer cancelled while the invoice was still in the chat, then paid it
            await orders.cancel_order(order.id, Actor.CUSTOMER, shopper.id, "found it cheaper")
        await payments.record_payment(f"tg-{order.id}", shopper.id, order.id, PaymentPurpose.DEPOSIT, due)
    await payments.record_payment(f"tg-{paid.id}", shopper.id, paid.id, PaymentPurpose.DEPOSIT, due)  # sent twice
    after = await scrape(client)

    for outcome in ("applied", "refunded"):
        recorded = after("daigou_payments_recorded_total", purpose="deposit", outcome=outcome)
        assert recorded == before("daigou_payments_recorded_total", purpose="deposit", outcome=outcome) + 1
    assert after("daigou_refunds_total", kind="refund") == before("daigou_refunds_total", kind="refund") + 1
    for personal in ("Zhao", str(shopper.telegram_id), f"tg-{paid.id}"):
        assert not any(personal in value for value in after.label_values)
    assert "Zhao" not in after.text and f"tg-{paid.id}" not in after.text  # a Telegram id may be digits of a figure


async def test_ready_when_the_database_and_redis_answer(
    client: Client, override_settings: Callable[..., Settings]
) -> None:
    alone = await client.get("/health/ready")
    override_settings(redis_url=REDIS_TEST_URL)
    with_redis = await client.get("/health/ready")

    assert alone.status == 200 and await alone.json() == {"database": "ok"}
    assert with_redis.status == 200 and await with_redis.json() == {"database": "ok", "redis": "ok"}


async def test_not_ready_naming_redis_when_it_does_not_answer(
    client: Client, override_settings: Callable[..., Settings]
) -> None:
    override_settings(redis_url=CLOSED_PORT)

    response = await client.get("/health/ready")

    assert response.status == 503
    assert await response.json() == {"database": "ok", "redis": "ConnectionError"}
    assert "127.0.0.1" not in await response.text()


async def test_not_ready_naming_the_database_when_its_query_fails(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def refused(*args: Any, **kwargs: Any) -> Any:
        raise ConnectionRefusedError("connection to the database refused")

    monkeypatch.setattr(type(connections.get("default")), "execute_query", refused)

    response = await client.get("/health/ready")

    assert response.status == 503
    assert await response.json() == {"database": "ConnectionRefusedError"}
