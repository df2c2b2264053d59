"""Customers' search forgives: every word is optional, the best answer comes first, typos and parts of words
still count, and a brand's name in any language finds its listings in every other."""

import pytest

from core.domain.listings import ListingStatus
from core.domain.search import Found, query_of, ranked
from core.errors import InvalidInput
from core.models.users import User
from core.services.catalog.brands import add_alias, add_brand
from core.services.catalog.listings import moderate_listing, search_listings
from tests import factories

DESCRIPTION = "Bought in store, with receipt."


async def _listing(seller: User, title: str, brand: str | None = None, **fields: object) -> int:
    fields.setdefault("description", DESCRIPTION)
    return (await factories.listing(seller, title=title, brand=brand, **fields)).id


async def _titles(text: str, **filters: object) -> list[str]:
    return [listing.title for listing in (await search_listings(text, **filters)).items]  # type: ignore[arg-type]


@pytest.fixture
async def seller() -> User:
    await add_brand("Shiseido", "资生堂, 資生堂")
    await add_brand("Porter", "波特, 吉田波特, 吉田カバン")
    await add_brand("Louis Vuitton", "路易威登, LV")
    return await factories.buyer(countries=("JP", "FR", "KR"))


async def test_every_word_is_optional_and_the_listing_with_all_of_them_comes_first(seller: User) -> None:
    await _listing(seller, "PORTER Tanker 2Way Helmet Bag (Black)", "Porter")
    await _listing(seller, "Black leather belt")
    await _listing(seller, "Porter Force shoulder bag (Navy)", "Porter")
    await _listing(seller, "Tanker mug")

    titles = await _titles("porter tanker black")

    assert titles[0] == "PORTER Tanker 2Way Helmet Bag (Black)"
    assert set(titles) == {
        "PORTER Tanker 2Way Helmet Bag (Black)",
        "Black leather belt",
        "Porter Force shoulder bag (Navy)",
        "Tanker mug",
    }


async def test_a_listing_with_all_the_words_ranks_above_a_newer_one_with_one(seller: User) -> None:
    both = "Sony WH-1000XM5 headphones"
    await _listing(seller, both)
    await _listing(seller, "Sony camera strap")  # newer, one word

    assert await _titles("sony headphones") == [both, "Sony camera strap"]


async def test_a_chinese_brand_name_finds_the_english_listing_and_the_english_name_the_chinese_one(
    seller: User,
) -> None:
    serum = await _listing(seller, "Shiseido Ultimune Power Infusing Serum 50ml", "Shiseido", category="beauty")
    await _listing(seller, "Clé de Peau serum", category="beauty")  # a decoy: a serum, not Shiseido's
    await _listing(seller, "吉田波特单肩包 黑色")
    await _listing(seller, "PORTER Tanker 2Way Helmet Bag (Black)", "Porter")
    await _listing(seller, "Louis Vuitton Neverfull MM", country="FR")

    assert (await search_listings("资生堂")).items[0].id == serum
    assert (await _titles("求购资生堂精华"))[0] == "Shiseido Ultimune Power Infusing Serum 50ml"  # no spaces
    assert set(await _titles("波特")) == {"吉田波特单肩包 黑色", "PORTER Tanker 2Way Helmet Bag (Black)"}
    assert set(await _titles("porter")) == {"吉田波特单肩包 黑色", "PORTER Tanker 2Way Helmet Bag (Black)"}
    assert await _titles("路易威登") == ["Louis Vuitton Neverfull MM"]
    assert await _titles("LV neverfull") == ["Louis Vuitton Neverfull MM"]


async def test_a_name_a_moderator_adds_is_searched_at_once(seller: User) -> None:
    await _listing(seller, "Sulwhasoo First Care Activating Serum")
    assert await _titles("雪花秀") == []

    brand = await add_brand("Sulwhasoo")
    await add_alias(brand.id, "雪花秀")

    assert await _titles("雪花秀") == ["Sulwhasoo First Care Activating Serum"]


async def test_typos_and_parts_of_words_still_find_the_right_listing_first_among_decoys(seller: User) -> None:
    await _listing(seller, "PORTER Tanker 2Way Helmet Bag (Black)", "Porter")
    await _listing(seller, "Porter Force shoulder bag (Navy)", "Porter")
    await _listing(seller, "Tank top, black")
    await _listing(seller, "Helmet lock")

    assert (await _titles("portr tankr"))[0] == "PORTER Tanker 2Way Helmet Bag (Black)"
    assert (await _titles("tank helmet"))[0] == "PORTER Tanker 2Way Helmet Bag (Black)"


async def test_descriptions_are_searched_but_count_below_titles(seller: User) -> None:
    await _listing(seller, "Canvas tote", description="Matcha green, bought at the Kyoto store")
    await _listing(seller, "Matcha whisk")  # older than the tote? no: newer, and it says matcha in its title

    assert await _titles("matcha") == ["Matcha whisk", "Canvas tote"]
    assert await _titles("kyoto") == ["Canvas tote"]


async def test_only_listings_for_sale_are_found_in_the_country_asked_and_pages_follow_the_ranking(
    seller: User,
) -> None:
    for n in range(7):
        await _listing(seller, f"Porter bag {n}", "Porter")
    held = await _listing(seller, "Porter Tanker bag", "Porter")
    await moderate_listing(held, ListingStatus.PENDING_REVIEW, "price far below market")
    await _listing(seller, "Porter wallet", "Porter", country="FR")
    await _listing(seller, "Porter tanker wallet", "Porter", country="KR")

    first = await search_listings("porter tanker", limit=4)
    second = await search_listings("porter tanker", limit=4, cursor=first.next_before)
    third = await search_listings("porter tanker", limit=4, cursor=second.next_before)

    found = [listing.title for page in (first, second, third) for listing in page.items]
    assert found[0] == "Porter tanker wallet" and "Porter Tanker bag" not in found
    assert found[1:] == ["Porter wallet", *(f"Porter bag {n}" for n in range(6, -1, -1))]
    assert third.next_before is None
    assert await _titles("porter", country="FR") == ["Porter wallet"]
    assert await _titles("porter tanker", country="kr") == ["Porter tanker wallet"]


async def test_a_search_that_matches_nothing_finds_nothing_and_a_huge_one_is_refused(seller: User) -> None:
    await _listing(seller, "Porter bag")

    assert await _titles("hermès birkin") == []
    with pytest.raises(InvalidInput):
        await search_listings("porter " * 20)


def test_ranking_weighs_words_then_grams_then_newness() -> None:
    query = query_of("porter tanker black", {"Porter": 1, "波特": 1})
    found = [
        Found(1, "Porter Tanker helmet bag (black)", None, ""),
        Found(2, "Tanker", None, ""),
        Found(3, "Black Porter wallet", None, ""),
        Found(4, "吉田波特 tanker", None, ""),
        Found(5, "Umbrella", None, "black"),
        Found(6, "Umbrella", None, ""),
    ]

    # All three words; two (波特 is Porter); two; one in the title; one in the description; none.
    assert list(ranked(query, found)) == [1, 4, 3, 2, 5]


async def test_common_words_are_read_newest_first_within_the_budget_and_rank_alike(
    seller: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At a million listings "porter" and "black" are in tens of thousands: each is read only in part."""
    tanker = await _listing(seller, "PORTER Tanker 2Way Helmet Bag (Black)", "Porter")
    for n in range(6):
        await _listing(seller, f"Porter bag {n} black", "Porter")
    monkeypatch.setattr("core.domain.matching.SEARCH_POSTINGS_BUDGET", 4)
    monkeypatch.setattr("core.services.catalog.listing_index.SEARCH_POSTINGS_BUDGET", 4)
    monkeypatch.setattr("core.services.catalog.listing_index.MAX_CANDIDATES", 4)

    found = await search_listings("porter tanker black", limit=3)

    first, *rest = found.items
    assert first.id == tanker and [listing.title for listing in rest] == ["Porter bag 5 black", "Porter bag 4 black"]
