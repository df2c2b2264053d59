"""Moderators' actions through core: each changes the thing, writes its audit entry and queues the notices."""

import asyncio
from collections.abc import Coroutine
from decimal import Decimal
from typing import Any

import pytest

from core.domain.buyers import BuyerStatus
from core.domain.listings import ListingStatus
from core.domain.moderators import ModeratorRole
from core.domain.money import Money
from core.domain.order_machine import OrderState
from core.domain.reports import ReportStatus
from core.errors import Conflict, DomainError, Forbidden, InsufficientFunds, InvalidInput, InvalidState
from core.models.audit import AuditEntry
from core.models.ledger import Transfer
from core.models.moderators import Moderator
from core.models.notifications import Notification
from core.services.catalog.listings import moderate_listing
from core.services.money import ledger
from core.services.money.fees import current_fees
from core.services.oversight import moderation
from core.services.oversight.reports import report_fake
from core.services.people.users import apply_as_buyer, buyer_status
from core.services.trade import disputes, orders
from tests import factories


async def a_moderator(role: ModeratorRole = ModeratorRole.MODERATOR) -> Moderator:
    return await Moderator.create(username=f"mod-{role.value}", password_hash="x", role=role)


async def notices() -> list[tuple[int, str]]:
    """What moderators' decisions told people (the order steps that set a story up tell people too)."""
    return [(n.user_id, n.key) for n in await Notification.exclude(key__startswith="order.").order_by("id")]


async def a_flagged_listing() -> tuple[int, int]:
    seller = await factories.buyer()
    listing = await factories.listing(seller)
    await moderate_listing(listing.id, ListingStatus.PENDING_REVIEW, "photo reused from another listing")
    return listing.id, seller.id


async def test_rejecting_a_flagged_listing_audits_it_and_tells_the_buyer_why() -> None:
    mod = await a_moderator()
    listing_id, seller_id = await a_flagged_listing()

    listing = await moderation.decide_listing(mod.id, listing_id, ListingStatus.REJECTED, "Logo is misprinted")

    assert listing.status is ListingStatus.REJECTED
    entry = await AuditEntry.get(target_kind="listing", target_id=str(listing_id))
    assert (entry.moderator_id, entry.action, entry.reason) == (mod.id, "listing.reject", "Logo is misprinted")
    assert entry.details == {"before": "pending_review"}
    notice = await Notification.get(user_id=seller_id)
    assert notice.key == "listing.rejected"
    assert notice.params["reason"] == "Logo is misprinted" and notice.sent_at is None


async def test_a_refused_decision_leaves_no_audit_entry_and_no_notice() -> None:
    mod = await a_moderator()
    listing_id, _ = await a_flagged_listing()

    with pytest.raises(InvalidInput):
        await moderation.decide_listing(mod.id, listing_id, ListingStatus.REJECTED, "  ")

    assert await AuditEntry.all().count() == 0
    assert await Notification.all().count() == 0


async def test_audit_entries_cannot_be_changed_or_deleted() -> None:
    mod = await a_moderator()
    listing_id, _ = await a_flagged_listing()
    await moderation.decide_listing(mod.id, listing_id, ListingStatus.ACTIVE)
    entry = await AuditEntry.get(target_id=str(listing_id))

    entry.reason = "rewritten history"
    with pytest.raises(PermissionError):
        await entry.save()
    with pytest.raises(PermissionError):
        await entry.delete()
    assert (await AuditEntry.get(id=entry.id)).reason == ""


async def test_upholding_a_report_removes_the_listing_and_tells_reporter_and_buyer() -> None:
    mod = await a_moderator()
    seller = await factories.buyer()
    listing = await factories.listing(seller)
    shopper = await factories.customer()
    report = await report_fake(shopper.id, "The stitching is wrong", ["evidence-1"], listing_id=listing.id)

    await moderation.resolve_report(mod.id, report.id, uphold=True, resolution="Counterfeit confirmed")

    await report.refresh_from_db()
    await listing.refresh_from_db()
    assert report.status is ReportStatus.UPHELD and report.resolved_at is not None
    assert listing.status is ListingStatus.REMOVED
    assert await notices() == [(shopper.id, "report.upheld"), (seller.id, "listing.removed")]
    assert await AuditEntry.filter(action="report.uphold", target_id=str(report.id)).exists()
    with pytest.raises(InvalidState):
        await moderation.resolve_report(mod.id, report.id, uphold=False, resolution="second click")


async def test_dismissing_a_report_keeps_the_listing_for_sale() -> None:
    mod = await a_moderator()
    listing = await factories.listing(await factories.buyer())
    shopper = await factories.customer()
    report = await report_fake(shopper.id, "Looks odd", listing_id=listing.id)

    await moderation.resolve_report(mod.id, report.id, uphold=False, resolution="Genuine: receipt checks out")

    await listing.refresh_from_db()
    assert listing.status is ListingStatus.ACTIVE
    assert await notices() == [(shopper.id, "report.dismissed")]


async def a_dispute(bond: Money | None = factories.BOND) -> orders.Order:
    order = await factories.order_in(OrderState.SHIPPED, seller=await factories.buyer(bond=bond))
    await disputes.open_dispute(order.customer_id, order.id, "Arrived broken")
    return await factories.fresh(order)


async def test_a_partial_refund_settles_the_dispute_and_releases_the_rest() -> None:
    mod = await a_moderator()
    order = await a_dispute()

    settled = await moderation.settle_dispute(mod.id, order.id, Money(5000, "JPY"), "Half the strap is missing")

    assert settled.state is OrderState.REFUNDED
    assert await ledger.balance(ledger.refunds_of(order.customer_id), "JPY") == 5000
    assert await ledger.balance(ledger.escrow_of(order.id), "JPY") == 0
    entry = await AuditEntry.get(action="dispute.refund")
    assert entry.details == {"refund": 5000, "currency": "JPY"}
    assert await notices() == [
        (order.buyer_id, "dispute.opened"),
        (order.customer_id, "dispute.resolved"),
        (order.buyer_id, "dispute.resolved"),
    ]


async def test_a_full_refund_gives_the_customer_everything_held() -> None:
    mod = await a_moderator()
    order = await a_dispute()

    await moderation.settle_dispute(mod.id, order.id, None, "Wrong item")

    assert await ledger.balance(ledger.refunds_of(order.customer_id), "JPY") == order.total


async def test_a_refund_above_the_escrow_is_refused_without_an_audit_entry() -> None:
    mod = await a_moderator()
    order = await a_dispute()

    with pytest.raises(InvalidInput):
        await moderation.settle_dispute(mod.id, order.id, Money(order.total + 1, "JPY"), "too much")

    assert (await orders.get_order(order.id)).state is OrderState.DISPUTED
    assert await AuditEntry.all().count() == 0


async def test_forfeiting_a_bond_compensates_the_customer_once_and_never_above_the_bond() -> None:
    mod = await a_moderator()
    order = await a_dispute(bond=Money(10000, "JPY"))

    with pytest.raises(InvalidInput):
        await moderation.forfeit_bond(mod.id, order.id, Money(10001, "JPY"), "counterfeit")
    await moderation.forfeit_bond(mod.id, order.id, Money(4000, "JPY"), "counterfeit")

    assert await ledger.balance(ledger.bond_of(order.buyer_id), "JPY") == 6000
    assert await ledger.balance(ledger.refunds_of(order.customer_id), "JPY") == 4000
    assert await notices() == [
        (order.buyer_id, "dispute.opened"),
        (order.buyer_id, "bond.forfeited"),
        (order.customer_id, "bond.compensated"),
    ]
    with pytest.raises(Conflict):
        await moderation.forfeit_bond(mod.id, order.id, Money(1000, "JPY"), "again")


def outcome(result: object) -> str:
    """What a call came to: the code of a refusal, else the kind of thing it returned."""
    return result.code if isinstance(result, DomainError) else type(result).__name__


@pytest.mark.postgres
async def test_a_double_clicked_forfeit_pays_audits_and_tells_each_side_once() -> None:
    mod = await a_moderator()
    order = await a_dispute(bond=Money(10000, "JPY"))

    def click() -> Coroutine[Any, Any, Transfer]:
        return moderation.forfeit_bond(mod.id, order.id, Money(4000, "JPY"), "counterfeit")

    both = await asyncio.gather(click(), click(), return_exceptions=True)  # a double click
    later = await asyncio.gather(click(), return_exceptions=True)  # the form sent again later

    assert sorted(map(outcome, both)) == ["Transfer", "bond.already_forfeited"], both
    assert list(map(outcome, later)) == ["bond.already_forfeited"]
    assert await ledger.balance(ledger.refunds_of(order.customer_id), "JPY") == 4000
    assert await AuditEntry.filter(action="bond.forfeit").count() == 1
    assert await notices() == [
        (order.buyer_id, "dispute.opened"),
        (order.buyer_id, "bond.forfeited"),
        (order.customer_id, "bond.compensated"),
    ]


async def test_forfeiting_without_a_bond_is_refused(no_bond_limit: None) -> None:
    mod = await a_moderator()
    order = await a_dispute(bond=None)

    with pytest.raises((InvalidInput, InsufficientFunds)):
        await moderation.forfeit_bond(mod.id, order.id, Money(1, "JPY"), "counterfeit")


async def test_buyer_decisions_audit_the_step_and_tell_the_buyer() -> None:
    mod = await a_moderator()
    applicant = await factories.customer("Chen")

    await apply_as_buyer(applicant.id, ["JP"], ["bags"], "passport-photo")
    await moderation.decide_buyer(mod.id, applicant.id, BuyerStatus.VERIFIED)
    await moderation.decide_buyer(mod.id, applicant.id, BuyerStatus.SUSPENDED, "Three late shipments")
    await moderation.decide_buyer(mod.id, applicant.id, BuyerStatus.VERIFIED)
    await moderation.decide_buyer(mod.id, applicant.id, BuyerStatus.BANNED, "Sold counterfeits")

    actions = [e.action for e in await AuditEntry.filter(target_kind="user").order_by("id")]
    assert actions == ["buyer.verify", "buyer.suspend", "buyer.lift", "buyer.ban"]
    assert [key for _, key in await notices()] == [
        "buyer.verified",
        "buyer.suspended",
        "buyer.reinstated",
        "buyer.banned",
    ]


async def test_only_an_admin_sets_fees_and_new_orders_use_them() -> None:
    moderator = await a_moderator()
    admin = await a_moderator(ModeratorRole.ADMIN)

    with pytest.raises(Forbidden):
        await moderation.set_fees(moderator.id, "40", "6")
    await moderation.set_fees(admin.id, "40", "6.5")

    assert await current_fees() == moderation.Fees(Decimal(40), Decimal("6.5"))
    order = await factories.order_in(OrderState.AWAITING_DEPOSIT)
    assert order.deposit_amount == 12800 * 40 // 100
    assert order.platform_fee_percent == Decimal("6.5")
    entry = await AuditEntry.get(action="fees.set")
    assert entry.details["before"] == ["30", "5"]


async def test_fees_fall_back_to_the_settings() -> None:
    assert await current_fees() == moderation.Fees(Decimal(30), Decimal(5))


@pytest.mark.parametrize(("deposit", "fee"), [("0", "5"), ("101", "5"), ("30", "50"), ("abc", "5"), ("30", "5.123")])
async def test_fees_out_of_bounds_are_refused(deposit: str, fee: str) -> None:
    admin = await a_moderator(ModeratorRole.ADMIN)

    with pytest.raises(InvalidInput):
        await moderation.set_fees(admin.id, deposit, fee)
    assert await AuditEntry.all().count() == 0


async def test_setting_a_rate_records_who_set_it() -> None:
    mod = await a_moderator()

    rate = await moderation.set_rate(mod.id, "jpy", "cny", "0.048")

    assert (rate.base, rate.quote, rate.set_by) == ("JPY", "CNY", "mod-moderator")
    entry = await AuditEntry.get(action="rate.set")
    assert (entry.target_id, entry.details) == ("JPY/CNY", {"rate": "0.0480000000"})


async def a_banned_buyer() -> int:
    seller = await factories.buyer("Erin")
    await moderation.decide_buyer((await a_moderator()).id, seller.id, BuyerStatus.BANNED, "Sold counterfeits")
    return seller.id


async def test_an_admin_lifts_a_ban_with_a_reason_and_the_buyer_is_told() -> None:
    seller_id = await a_banned_buyer()
    admin = await a_moderator(ModeratorRole.ADMIN)

    profile = await moderation.lift_ban(admin.id, seller_id, "Appeal upheld: the supplier's invoice checks out")

    assert profile.status is BuyerStatus.VERIFIED
    entry = await AuditEntry.get(action="buyer.unban")
    assert (entry.moderator_id, entry.target_id, entry.details) == (admin.id, str(seller_id), {"before": "banned"})
    assert entry.reason == "Appeal upheld: the supplier's invoice checks out"
    assert (await notices())[-1] == (seller_id, "buyer.reinstated")


async def test_a_ban_stays_without_an_admin_or_without_a_reason() -> None:
    seller_id = await a_banned_buyer()
    moderator = await Moderator.get(username="mod-moderator")
    admin = await a_moderator(ModeratorRole.ADMIN)

    with pytest.raises(Forbidden):
        await moderation.lift_ban(moderator.id, seller_id, "I know them")
    with pytest.raises(InvalidInput):
        await moderation.lift_ban(admin.id, seller_id, "  ")
    with pytest.raises(InvalidState):  # the ordinary decisions still cannot leave a ban
        await moderation.decide_buyer(admin.id, seller_id, BuyerStatus.VERIFIED)

    assert (await buyer_status(seller_id)) is BuyerStatus.BANNED
    assert [e.action for e in await AuditEntry.all()] == ["buyer.ban"]


async def test_only_a_banned_buyer_has_a_ban_to_lift() -> None:
    admin = await a_moderator(ModeratorRole.ADMIN)
    seller = await factories.buyer()

    with pytest.raises(InvalidState):
        await moderation.lift_ban(admin.id, seller.id, "Nothing to lift")
    assert not await AuditEntry.exists()
