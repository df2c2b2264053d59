"""Sharing listings through inline mode: `@bot words` in any chat, and the deep link back into the bot."""

from typing import Any

from bot.deep_links import listing_link
from core.models.users import User
from core.services.catalog.listings import withdraw_listing
from sandbox import InlineAnswer
from tests import factories
from tests.bot.conftest import Person, World

BOT = "daigou_sandbox_bot"


async def asks_inline(person: Person, query: str, offset: str = "") -> InlineAnswer:
    answer = await person.driver.inline_query(person.user, query, offset=offset)
    assert answer is not None, f"no answer to the inline query {query!r}"
    return answer


def link_of(result: dict[str, Any]) -> str:
    (row,) = result["reply_markup"]["inline_keyboard"]
    return str(row[0]["url"])


async def seller(world: World) -> User:
    return await world.person("Bob").becomes_verified_buyer()


async def test_an_inline_query_offers_matching_listings_each_linking_back_with_the_sharers_code(
    world: World,
) -> None:
    bob = await seller(world)
    tanker = await factories.listing(bob, title="Porter Tanker", photo_file_ids=[world.photo()])
    force = await factories.listing(bob, title="Porter Force", photo_file_ids=[world.photo()])
    cream = await factories.listing(
        bob, title="Sulwhasoo cream", brand="Sulwhasoo", description="Myeongdong", photo_file_ids=[world.photo()]
    )
    alice = world.person("Alice")

    answer = await asks_inline(alice, "porter")
    sharer = await alice.account()
    assert [r["id"] for r in answer.results] == [str(force.id), str(tanker.id)]
    assert answer.is_personal and answer.cache_time <= 10 and answer.next_offset == ""
    first = answer.results[0]
    assert (first["type"], first["title"], first["description"]) == ("article", "Porter Force", "¥12,800 · Japan")
    assert "<b>Porter Force</b>" in first["input_message_content"]["message_text"]
    assert link_of(first) == listing_link(BOT, force.id, sharer.referral_code)
    assert [r["id"] for r in (await asks_inline(alice, "")).results] == [str(cream.id), str(force.id), str(tanker.id)]


async def test_a_shared_card_opens_the_listing_for_a_new_customer_bound_to_the_sharer(world: World) -> None:
    bob = await seller(world)
    tanker = await factories.listing(bob, title="Porter Tanker", photo_file_ids=[world.photo()])
    alice, dan = world.person("Alice"), world.person("Dan")
    await alice.driver.send_text(alice.user, f"/start l-{tanker.id}")
    await alice.next()  # the welcome
    card = await alice.next()
    (share,) = [b for row in card.buttons for b in row if "switch_inline_query" in b]
    assert share["switch_inline_query"] == f"#{tanker.id}"

    answer = await asks_inline(alice, share["switch_inline_query"])
    assert [r["id"] for r in answer.results] == [str(tanker.id)]
    shared = await world.driver.choose_inline_result(alice.user, answer, str(tanker.id), into=dan.user)
    assert shared.content.startswith("Porter Tanker") and "👤 Bob · ✅ verified" in shared.content
    (open_button,) = shared.button_texts()
    link = shared.button(open_button)["url"]

    dan.driver.mark_read(dan.user)
    await world.driver.follow_link(dan.user, link)
    assert (await dan.next()).content.startswith("Welcome to Daigou, Dan!")
    opened = await dan.next()
    assert opened.photo and opened.content.startswith("Porter Tanker") and "🛒 Buy" in opened.button_texts()
    assert (await dan.account()).referred_by_id == (await alice.account()).id


async def test_unknown_withdrawn_and_oversized_queries_find_nothing(world: World) -> None:
    bob = await seller(world)
    gone = await factories.listing(bob, title="Porter Tanker", photo_file_ids=[world.photo()])
    await withdraw_listing(bob.id, gone.id)
    alice = world.person("Alice")
    for query in (f"#{gone.id}", "#987654", "hermès birkin", "porter " * 30):
        assert (await asks_inline(alice, query)).results == [], query


async def test_many_matches_come_twenty_at_a_time(world: World) -> None:
    bob = await seller(world)
    photo = world.photo()
    made = [await factories.listing(bob, title=f"Porter bag {i}", photo_file_ids=[photo]) for i in range(23)]
    alice = world.person("Alice")
    first = await asks_inline(alice, "porter bag")
    assert len(first.results) == 20 and first.next_offset
    rest = await asks_inline(alice, "porter bag", offset=first.next_offset)
    assert [r["id"] for r in rest.results] == [str(listing.id) for listing in made[2::-1]] and rest.next_offset == ""


async def test_a_chinese_speaking_user_shares_a_listing(world: World) -> None:
    bob = await seller(world)
    tanker = await factories.listing(bob, title="Porter Tanker", photo_file_ids=[world.photo()])
    lilei = world.person("李雷", language="zh")
    answer = await asks_inline(lilei, f"#{tanker.id}")
    (result,) = answer.results
    sharer = await lilei.account()
    assert result["id"] == str(tanker.id) and "12,800" in result["description"]
    assert "日本" in result["input_message_content"]["message_text"]
    assert link_of(result) == listing_link(BOT, tanker.id, sharer.referral_code)
    assert result["description"] == "JP¥12,800 · 日本"
    shared = result["input_message_content"]["message_text"]
    assert "📍 Tokyo, 日本\n💰 JP¥12,800\n📦 库存 " in shared and "👤 Bob · ✅ 已认证" in shared
    assert result["reply_markup"]["inline_keyboard"][0][0]["text"] == "🛍 在 Daigou 中打开"

    # An English-speaking friend opens the shared card: in English.
    alice = world.person("Alice")
    alice.driver.mark_read(alice.user)
    await alice.driver.send_text(alice.user, "/start " + link_of(result).split("start=")[1])
    assert "Welcome to Daigou, Alice!" in (await alice.next()).content
    card = await alice.next()
    assert "📍 Tokyo, Japan\n💰 ¥12,800" in card.content and "👤 Bob · ✅ verified" in card.content
    assert card.button_texts()[0] == "🛒 Buy"
    assert (await alice.account()).referred_by_id == sharer.id
