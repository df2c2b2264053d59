"""Moderators read words, in their language, wherever core stores a code: states, statuses, categories, countries."""

from enum import StrEnum

import pytest

from admin_web import labels
from core.domain.audit import AuditAction, AuditTarget
from core.domain.listings import ListingStatus
from core.domain.order_machine import OrderState
from core.services.catalog.listings import moderate_listing
from core.services.oversight import moderation
from core.services.people.users import apply_as_buyer
from core.services.trade import disputes
from tests import factories
from tests.admin_web.conftest import Desk


@pytest.mark.parametrize("vocabulary", list(labels.ENUM_LABELS))
def test_every_value_of_every_vocabulary_has_a_label(vocabulary: type[StrEnum]) -> None:
    assert set(labels.ENUM_LABELS[vocabulary]) == set(vocabulary)


def test_every_audit_action_and_target_has_a_label() -> None:
    assert set(labels.AUDIT_ACTIONS) == set(AuditAction)
    assert set(labels.AUDIT_TARGETS) == set(AuditTarget)


async def flagged(title: str = "Porter Tanker shoulder bag") -> int:
    listing = await factories.listing(await factories.buyer(), title=title)
    await moderate_listing(listing.id, ListingStatus.PENDING_REVIEW, "Photo reused")
    return listing.id


async def test_a_listing_shows_its_status_country_and_category_as_words(desk: Desk) -> None:
    listing_id = await flagged()

    english = await desk.page(f"/listings/{listing_id}")
    chinese = await desk.page(f"/listings/{listing_id}?lang=zh")

    assert "Waiting for review" in english and "Japan Tokyo" in english and "Bags Porter" in english
    assert "待审核" in chinese and "日本 Tokyo" in chinese and "箱包 Porter" in chinese
    for page in (english, chinese):
        assert "pending_review" not in page and "<dd>JP " not in page and "<dd>bags " not in page


async def test_the_queues_and_searches_speak_chinese(desk: Desk) -> None:
    await flagged()
    order = await factories.order_in(OrderState.SHIPPED)
    await desk.get("/?lang=zh")  # chosen once, remembered in the session

    queue = await desk.page("/flagged")
    listings = await desk.page("/listings?status=pending_review")
    found = await desk.page("/orders")
    person = await desk.page(f"/users/{order.buyer_id}")

    assert "日本 · 箱包" in queue
    assert '<option value="pending_review" selected>待审核</option>' in listings and "<td>待审核</td>" in listings
    assert '<option value="awaiting_deposit">待付定金</option>' in found and "<td>已发货</td>" in found
    assert "<dd>已认证</dd>" in person and "<dd>英语</dd>" in person  # the buyer's status and bot language


async def test_the_dashboard_chart_names_order_states_in_the_moderators_language(desk: Desk) -> None:
    await factories.order_in(OrderState.AWAITING_DEPOSIT)

    english = await desk.page("/")
    chinese = await desk.page("/?lang=zh")

    assert ">Awaiting deposit</text>" in english and ">待付定金</text>" in chinese
    assert "awaiting_deposit" not in english + chinese


async def test_a_dispute_timeline_and_ledger_in_chinese(desk: Desk) -> None:
    order = await factories.order_in(OrderState.SHIPPED)
    await disputes.open_dispute(order.customer_id, order.id, "没有收到")

    page = await desk.page(f"/disputes/{order.id}?lang=zh")

    assert "顾客 · 发起争议 (已发货 → 争议中)" in page
    assert "支付至托管" in page and "托管" in page
    assert "capture" not in page and "open_dispute" not in page


async def test_an_application_shows_countries_and_categories_by_name(desk: Desk) -> None:
    applicant = await factories.customer("Chen")
    await apply_as_buyer(applicant.id, ["JP", "KR"], ["bags", "watches_jewelry"], "passport")

    english = await desk.page(f"/applications/{applicant.id}")
    chinese = await desk.page(f"/applications/{applicant.id}?lang=zh")

    assert "Japan, South Korea" in english and "Bags, Watches &amp; jewellery" in english
    assert "日本, 韩国" in chinese and "箱包, 手表珠宝" in chinese


async def test_the_audit_log_names_actions_and_targets(desk: Desk) -> None:
    listing_id = await flagged()
    await moderation.decide_listing(desk.moderator.id, listing_id, ListingStatus.REJECTED, "Fake logo")

    english = await desk.page("/audit")
    chinese = await desk.page("/audit?lang=zh")

    assert "Listing rejected" in english and f'href="/listings/{listing_id}">Listing #{listing_id}</a>' in english
    assert '<option value="listing.reject">Listing rejected</option>' in english
    assert "拒绝商品" in chinese and f">商品 #{listing_id}</a>" in chinese


async def test_a_refusal_names_the_status_in_words(desk: Desk) -> None:
    listing_id = await flagged()
    await desk.post(f"/listings/{listing_id}/decision", {"decision": "reject", "reason": "Fake logo"})

    response = await desk.post(f"/listings/{listing_id}/decision", {"decision": "approve"})

    assert response.status == 409
    assert "The listing is Rejected now: it cannot become For sale." in await response.text()
