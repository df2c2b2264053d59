"""First contact, languages, referrals, buyer applications and follows."""

import asyncio

import pytest

from core.domain.buyers import BuyerStatus
from core.errors import Forbidden, InvalidInput, InvalidState
from core.models.users import User
from core.services.people import users
from tests import factories


async def test_first_contact_creates_a_customer_speaking_telegrams_language() -> None:
    user, created = await users.register_contact(42, "李雷", language_code="zh-hans")
    assert created and user.language == "zh" and not user.language_chosen
    again, created_again = await users.register_contact(42, "李雷", username="lilei")
    assert not created_again and again.id == user.id and again.username == "lilei"


async def test_unknown_languages_fall_back_to_english_and_choice_sticks() -> None:
    user, _ = await users.register_contact(43, "Pierre", language_code="fr")
    assert user.language == "en"
    user = await users.choose_language(user.id, "zh")
    assert user.language == "zh" and user.language_chosen
    with pytest.raises(InvalidInput):
        await users.choose_language(user.id, "klingon")


async def test_a_referral_binds_once_on_first_contact_and_never_rebinds() -> None:
    seller = await factories.buyer("Bob")
    other = await factories.buyer("Carol")
    friend = await factories.customer("Dan", referral_code=seller.referral_code)
    assert friend.referred_by_id == seller.id

    again, _ = await users.register_contact(friend.telegram_id, "Dan", referral_code=other.referral_code)
    assert again.referred_by_id == seller.id
    assert await users.referral_count(seller.id) == 1
    assert await users.referral_count(other.id) == 0


async def test_nobody_refers_themselves_and_unknown_codes_are_ignored() -> None:
    seller = await factories.buyer("Bob")
    same, _ = await users.register_contact(seller.telegram_id, "Bob", referral_code=seller.referral_code)
    assert same.referred_by_id is None
    stranger = await factories.customer("Eve", referral_code="nosuchcode")
    assert stranger.referred_by_id is None


async def test_buyer_application_is_verified_or_rejected_with_a_reason() -> None:
    user = await factories.customer()
    profile = await users.apply_as_buyer(user.id, ["jp", "KR"], ["beauty"], "passport-file", bio="Tokyo-based")
    assert profile.status is BuyerStatus.APPLIED and profile.countries == ["JP", "KR"]
    with pytest.raises(InvalidState):
        await users.apply_as_buyer(user.id, ["JP"], ["beauty"], "passport-file")
    with pytest.raises(InvalidInput):
        await users.decide_buyer(user.id, BuyerStatus.REJECTED)  # a reason is required
    rejected = await users.decide_buyer(user.id, BuyerStatus.REJECTED, "document unreadable")
    assert rejected.status is BuyerStatus.REJECTED and rejected.decision_reason == "document unreadable"

    again = await users.apply_as_buyer(user.id, ["JP"], ["beauty"], "clearer-passport")
    assert again.status is BuyerStatus.APPLIED and again.decision_reason is None
    verified = await users.decide_buyer(user.id, BuyerStatus.VERIFIED)
    assert verified.status is BuyerStatus.VERIFIED


async def test_applications_with_bad_fields_change_nothing() -> None:
    user = await factories.customer()
    for countries, categories, document in [
        ([], ["beauty"], "doc"),
        (["XX"], ["beauty"], "doc"),
        (["JP"], ["weapons"], "doc"),
        (["JP"], ["beauty"], ""),
    ]:
        with pytest.raises(InvalidInput):
            await users.apply_as_buyer(user.id, countries, categories, document)
    assert not await User.filter(id=user.id, buyer_profile__id__isnull=False).exists()


async def test_suspended_and_banned_buyers_cannot_sell() -> None:
    seller = await factories.buyer()
    await users.decide_buyer(seller.id, BuyerStatus.SUSPENDED, "late shipments")
    with pytest.raises(Forbidden):
        await users.verified_buyer(seller.id)
    await users.decide_buyer(seller.id, BuyerStatus.VERIFIED)
    await users.decide_buyer(seller.id, BuyerStatus.BANNED, "counterfeits")
    with pytest.raises(InvalidState):
        await users.decide_buyer(seller.id, BuyerStatus.VERIFIED)


async def test_customers_follow_buyers_once() -> None:
    seller = await factories.buyer()
    fan = await factories.customer()
    assert await users.follow_buyer(fan.id, seller.id)
    assert not await users.follow_buyer(fan.id, seller.id)
    assert await users.follower_ids(seller.id) == [fan.id]
    with pytest.raises(InvalidInput):
        await users.follow_buyer(seller.id, seller.id)
    with pytest.raises(Forbidden):
        await users.follow_buyer(seller.id, fan.id)  # not a buyer
    assert await users.unfollow_buyer(fan.id, seller.id)
    assert await users.follower_ids(seller.id) == []


@pytest.mark.postgres
async def test_the_same_first_update_twice_creates_one_user() -> None:
    results = await asyncio.gather(*(users.register_contact(77, "Twin") for _ in range(5)))
    assert len({user.id for user, _ in results}) == 1
    assert sum(created for _, created in results) == 1


def test_an_application_is_checked_field_by_field() -> None:
    assert users.check_buyer_countries(["kr", "JP", "jp"]) == ["JP", "KR"]
    assert users.check_buyer_categories(["Beauty", "bags"]) == ["bags", "beauty"]
    assert users.check_buyer_cities([" Tokyo ", "Osaka"]) == ["Tokyo", "Osaka"]
    for check, value in [
        (users.check_buyer_countries, []),
        (users.check_buyer_countries, ["JP", "Japan"]),
        (users.check_buyer_countries, ["JP", "KR", "US", "GB", "FR", "IT", "DE", "ES", "AU", "CA", "NZ"]),
        (users.check_buyer_categories, []),
        (users.check_buyer_cities, ["x" * 65]),
        (users.check_buyer_cities, [f"City {n}" for n in range(21)]),
    ]:
        with pytest.raises(InvalidInput):
            check(value)  # type: ignore[operator]


async def test_the_buyer_account_says_why_an_application_was_rejected() -> None:
    user = await factories.customer()
    assert await users.buyer_account(user.id) is None
    await users.apply_as_buyer(user.id, ["JP"], ["beauty"], "passport-file")
    await users.decide_buyer(user.id, BuyerStatus.REJECTED, "document unreadable")
    account = await users.buyer_account(user.id)
    assert account is not None and account.decision_reason == "document unreadable"


async def test_only_newcomers_and_rejected_applicants_may_apply() -> None:
    user = await factories.customer()
    assert await users.check_may_apply(user.id) is None
    await users.apply_as_buyer(user.id, ["JP"], ["beauty"], "passport-file")
    with pytest.raises(InvalidState):
        await users.check_may_apply(user.id)
    await users.decide_buyer(user.id, BuyerStatus.REJECTED, "document unreadable")
    renewed = await users.check_may_apply(user.id)
    assert renewed is not None and renewed.status is BuyerStatus.REJECTED
