"""People: first contact, language, referrals, buyer applications and follows."""

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from core import clock
from core.domain.buyers import BuyerStatus
from core.domain.catalog import CATEGORIES, check_category, check_country
from core.domain.languages import language_for, supported_languages
from core.domain.text import clean_text
from core.errors import Forbidden, InvalidInput, InvalidState, NotFound
from core.models.moderators import Moderator
from core.models.users import BuyerProfile, Follow, User
from core.services.people.id_documents import ID_DOCUMENTS

_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no look-alikes (0/o, 1/l/i)


def _new_referral_code() -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))


async def register_contact(
    telegram_id: int,
    first_name: str,
    last_name: str | None = None,
    username: str | None = None,
    language_code: str | None = None,
    referral_code: str | None = None,
) -> tuple[User, bool]:
    """Load the user behind a Telegram update, creating them on first contact.

    The referrer is bound only when the user is created: a later link cannot rebind them,
    and nobody can refer themselves. Returns the user and whether they are new.
    """
    user = await User.get_or_none(telegram_id=telegram_id)
    if user is not None:
        changed = (user.first_name, user.last_name, user.username) != (first_name[:64], last_name, username)
        if changed:
            user.first_name, user.last_name, user.username = first_name[:64], last_name, username
            await user.save(update_fields=["first_name", "last_name", "username"])
        return user, False
    referrer = await User.get_or_none(referral_code=referral_code) if referral_code else None
    try:
        async with in_transaction():
            user = await User.create(
                telegram_id=telegram_id,
                first_name=first_name[:64] or "-",
                last_name=last_name,
                username=username,
                language=language_for(language_code),
                referral_code=_new_referral_code(),
                referred_by=referrer,
            )
    except IntegrityError:
        # The same person's second update raced the first: the row exists now.
        return await User.get(telegram_id=telegram_id), False
    return user, True


@dataclass(frozen=True, slots=True)
class Person:
    """Someone talking to the bot, as the bot needs them for one update."""

    id: int
    telegram_id: int
    first_name: str
    language: str
    referral_code: str


def person_of(user: User) -> Person:
    """The front ends' value of a user row."""
    return Person(user.id, user.telegram_id, user.first_name, user.language, user.referral_code)


async def person_with_telegram_id(telegram_id: int) -> Person | None:
    user = await User.get_or_none(telegram_id=telegram_id)
    return person_of(user) if user else None


async def first_name(user_id: int) -> str:
    """The name a chat calls someone by."""
    return (await _user(user_id)).first_name


async def anyone_registered() -> bool:
    """Whether anybody, person or moderator, is in the database yet."""
    return await User.exists() or await Moderator.exists()


async def registered_users() -> list[User]:
    """Everyone who has talked to the bot, oldest first."""
    return await User.all().order_by("id")


async def choose_language(user_id: int, language: str) -> User:
    if language not in supported_languages():
        raise InvalidInput("user.unknown_language", language=language)
    user = await _user(user_id)
    user.language, user.language_chosen = language, True
    await user.save(update_fields=["language", "language_chosen"])
    return user


async def referral_count(user_id: int) -> int:
    return await User.filter(referred_by_id=user_id).count()


async def _user(user_id: int) -> User:
    user = await User.get_or_none(id=user_id)
    if user is None:
        raise NotFound("user.not_found")
    return user


async def apply_as_buyer(
    user_id: int,
    countries: Sequence[str],
    categories: Sequence[str],
    id_document_file_id: str,
    cities: Sequence[str] = (),
    bio: str = "",
) -> BuyerProfile:
    """Apply (or, after a rejection, apply again) to act as a buyer."""
    if not id_document_file_id:
        raise InvalidInput("buyer.document_missing")
    fields: dict[str, Any] = {
        "countries": check_buyer_countries(countries),
        "categories": check_buyer_categories(categories),
        "cities": check_buyer_cities(cities),
        "bio": clean_text(bio, "bio", 1000, allow_empty=True),
        "id_document_file_id": id_document_file_id,
        "id_document_purged_at": None,
        "status": BuyerStatus.APPLIED,
        "decision_reason": None,
        "decided_at": None,
        "reviewed_at": None,
    }
    await _user(user_id)
    profile = await check_may_apply(user_id)
    if profile is None:
        try:
            return await BuyerProfile.create(user_id=user_id, **fields)
        except IntegrityError:
            # a concurrent first application won: it is waiting for review
            raise InvalidState("buyer.already_applied") from None
    async with in_transaction():
        await BuyerProfile.filter(id=profile.id).update(**fields, applied_at=clock.now())
        # The new document's retention starts at its own decision.
        await ID_DOCUMENTS.cancel_purge(user_id)
    await profile.refresh_from_db()
    return profile


_DECISIONS: dict[BuyerStatus, tuple[BuyerStatus, ...]] = {
    BuyerStatus.VERIFIED: (BuyerStatus.APPLIED, BuyerStatus.SUSPENDED),
    BuyerStatus.REJECTED: (BuyerStatus.APPLIED,),
    BuyerStatus.SUSPENDED: (BuyerStatus.VERIFIED,),
    BuyerStatus.BANNED: (BuyerStatus.APPLIED, BuyerStatus.VERIFIED, BuyerStatus.SUSPENDED),
}


async def decide_buyer(user_id: int, status: BuyerStatus, reason: str = "") -> BuyerProfile:
    """A moderator verifies, rejects, suspends, reinstates (verifies again) or bans a buyer."""
    allowed_from = _DECISIONS.get(status)
    if allowed_from is None:
        raise InvalidInput("buyer.unknown_decision", status=status.value)
    if status is not BuyerStatus.VERIFIED and not reason.strip():
        raise InvalidInput("buyer.reason_required")
    now = clock.now()
    decision: dict[str, Any] = {"status": status, "decision_reason": reason.strip() or None, "decided_at": now}
    async with in_transaction():
        # Deciding the application itself (it leaves "applied") starts its identity document's retention.
        reviewed = BuyerStatus.APPLIED in allowed_from and bool(
            await BuyerProfile.filter(user_id=user_id, status=BuyerStatus.APPLIED).update(**decision, reviewed_at=now)
        )
        if reviewed:
            await ID_DOCUMENTS.plan_purge(user_id, now)
        changed = reviewed or await BuyerProfile.filter(user_id=user_id, status__in=allowed_from).update(**decision)
    if not changed:
        profile = await BuyerProfile.get_or_none(user_id=user_id)
        if profile is None:
            raise NotFound("buyer.not_found")
        raise InvalidState("buyer.invalid_decision", status=profile.status.value, to=status.value)
    return await BuyerProfile.get(user_id=user_id)


async def lift_ban(user_id: int, reason: str) -> BuyerProfile:
    """A banned buyer is verified again; unlike the other decisions this one always needs its reason."""
    if not reason.strip():
        raise InvalidInput("buyer.reason_required")
    changed = await BuyerProfile.filter(user_id=user_id, status=BuyerStatus.BANNED).update(
        status=BuyerStatus.VERIFIED, decision_reason=reason.strip(), decided_at=clock.now()
    )
    if not changed:
        profile = await BuyerProfile.get_or_none(user_id=user_id)
        if profile is None:
            raise NotFound("buyer.not_found")
        raise InvalidState("buyer.invalid_decision", status=profile.status.value, to=BuyerStatus.VERIFIED.value)
    return await BuyerProfile.get(user_id=user_id)


@dataclass(frozen=True, slots=True)
class BuyerAccount:
    """A user's buyer application or account, as they see it."""

    status: BuyerStatus
    countries: tuple[str, ...]
    cities: tuple[str, ...]
    categories: tuple[str, ...]
    decision_reason: str | None  # a moderator's, once they decided


async def verified_buyer(user_id: int) -> BuyerAccount:
    """The account of a buyer allowed to sell now, or a domain error saying why not."""
    profile = await BuyerProfile.get_or_none(user_id=user_id)
    if profile is None:
        raise Forbidden("buyer.not_a_buyer")
    if profile.status is not BuyerStatus.VERIFIED:
        raise Forbidden("buyer.not_verified", status=profile.status.value)
    return _account_of(profile)


async def follow_buyer(follower_id: int, buyer_id: int) -> bool:
    """Follow a buyer; returns False when already following."""
    if follower_id == buyer_id:
        raise InvalidInput("follow.self")
    await verified_buyer(buyer_id)
    _, created = await Follow.get_or_create(follower_id=follower_id, buyer_id=buyer_id)
    return created


async def unfollow_buyer(follower_id: int, buyer_id: int) -> bool:
    return bool(await Follow.filter(follower_id=follower_id, buyer_id=buyer_id).delete())


async def followed_among(follower_id: int, buyer_ids: Iterable[int]) -> list[int]:
    """Which of `buyer_ids` the user follows."""
    query = Follow.filter(follower_id=follower_id, buyer_id__in=list(buyer_ids))
    return cast(list[int], await query.values_list("buyer_id", flat=True))


async def follower_ids(buyer_id: int) -> list[int]:
    return cast(list[int], await Follow.filter(buyer_id=buyer_id).values_list("follower_id", flat=True))


async def verified_among(user_ids: Iterable[int]) -> set[int]:
    """Which of these users are verified buyers now, in one query."""
    verified = BuyerProfile.filter(user_id__in=list(user_ids), status=BuyerStatus.VERIFIED)
    return set(cast(list[int], await verified.values_list("user_id", flat=True)))


async def buyer_status(user_id: int) -> BuyerStatus | None:
    """The user's buyer status, or None for a plain customer."""
    profile = await BuyerProfile.get_or_none(user_id=user_id)
    return profile.status if profile else None


async def toggle_follow(follower_id: int, buyer_id: int) -> bool:
    """Follow a buyer, or stop following one already followed; True when now following.

    Only a verified buyer can gain followers, but anyone can always be unfollowed.
    """
    if await unfollow_buyer(follower_id, buyer_id):
        return False
    if follower_id != buyer_id and await buyer_status(buyer_id) is not BuyerStatus.VERIFIED:
        raise Forbidden("follow.not_followable")
    await follow_buyer(follower_id, buyer_id)
    return True


# What a buyer application may name; each is checked on its own so a chat can ask again at once.
MAX_BUYER_COUNTRIES = 10
MAX_BUYER_CITIES = 20


def check_buyer_countries(codes: Sequence[str]) -> list[str]:
    """1-10 countries an applicant buys in, as sorted, distinct codes."""
    countries = sorted({check_country(code) for code in codes})
    if not 1 <= len(countries) <= MAX_BUYER_COUNTRIES:
        raise InvalidInput("buyer.countries_count", min=1, max=MAX_BUYER_COUNTRIES)
    return countries


def check_buyer_categories(codes: Sequence[str]) -> list[str]:
    """At least one category an applicant buys, as sorted, distinct codes."""
    categories = sorted({check_category(code) for code in codes})
    if not categories:
        raise InvalidInput("buyer.categories_count", min=1, max=len(CATEGORIES))
    return categories


def check_buyer_cities(names: Sequence[str]) -> list[str]:
    """Up to 20 cities an applicant buys in (none is fine)."""
    if len(names) > MAX_BUYER_CITIES:
        raise InvalidInput("buyer.cities_count", max=MAX_BUYER_CITIES)
    return [clean_text(name, "city", 64) for name in names]


async def buyer_account(user_id: int) -> BuyerAccount | None:
    """The user's buyer application or account, or None for a plain customer."""
    profile = await BuyerProfile.get_or_none(user_id=user_id)
    return None if profile is None else _account_of(profile)


def _account_of(profile: BuyerProfile) -> BuyerAccount:
    return BuyerAccount(
        profile.status,
        tuple(profile.countries),
        tuple(profile.cities),
        tuple(profile.categories),
        profile.decision_reason,
    )


async def check_may_apply(user_id: int) -> BuyerProfile | None:
    """Refuse a user who cannot apply now; returns the rejected application to renew, or None for a first one."""
    profile = await BuyerProfile.get_or_none(user_id=user_id)
    if profile is None or profile.status is BuyerStatus.REJECTED:
        return profile
    if profile.status is BuyerStatus.VERIFIED:
        raise InvalidState("buyer.already_verified")
    if profile.status is BuyerStatus.SUSPENDED:
        raise InvalidState("buyer.suspended")
    if profile.status is BuyerStatus.BANNED:
        raise InvalidState("buyer.banned")
    raise InvalidState("buyer.already_applied")
