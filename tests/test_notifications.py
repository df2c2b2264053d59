"""The outbox table shared by many senders: each notice is taken by one sender at a time, in the right order."""

import asyncio
from datetime import timedelta

import pytest

from core import clock
from core.models.notifications import Notification
from core.services.runtime import notifications
from core.services.runtime.notifications import LEASE, claim, new_claim, queue
from tests import factories


async def test_transactional_notices_are_taken_before_marketing_ones_and_oldest_first() -> None:
    alice = await factories.customer()
    await queue(alice.id, "buyer.verified", marketing=True)
    first = await queue(alice.id, "buyer.reinstated")
    second = await queue(alice.id, "buyer.banned", reason="fraud")

    taken = await claim(new_claim(), 10)

    assert [n.key for n in taken] == ["buyer.reinstated", "buyer.banned", "buyer.verified"]
    assert [n.id for n in taken[:2]] == [first.id, second.id]


@pytest.mark.postgres
async def test_twenty_senders_claiming_at_once_never_take_the_same_notice_or_share_a_chat() -> None:
    people = [await factories.customer(f"Customer {n}") for n in range(12)]
    for person in people:
        for n in range(5):
            await queue(person.id, "listing.approved", title=f"Bag {n}")

    claims = await asyncio.gather(*(claim(new_claim(), 5) for _ in range(20)))

    taken = [notice.id for batch in claims for notice in batch]
    assert len(taken) == len(set(taken))
    chats = [{notice.recipient.id for notice in batch} for batch in claims]
    assert sorted(chat for batch in chats for chat in batch) == sorted(person.id for person in people)
    for batch in claims:  # each person's first notices, three at most, oldest first
        for person in {notice.recipient.id for notice in batch}:
            titles = [notice.params["title"] for notice in batch if notice.recipient.id == person]
            assert titles == ["Bag 0", "Bag 1", "Bag 2"][: len(titles)]


async def test_a_person_whose_notice_waits_for_a_retry_gets_nothing_newer_before_it() -> None:
    alice, bob = await factories.customer("Alice"), await factories.customer("Bob")
    first = await queue(alice.id, "buyer.verified")
    sender = new_claim()
    await claim(sender, 10)
    await notifications.release(first.id, sender, clock.now() + timedelta(seconds=30))  # say, a 429
    await queue(alice.id, "buyer.reinstated")
    await queue(bob.id, "buyer.verified")

    assert [(n.recipient.id, n.key) for n in await claim(new_claim(), 10)] == [(bob.id, "buyer.verified")]


async def test_a_notice_held_by_a_sender_that_died_is_taken_again_once_its_lease_runs_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    alice = await factories.customer()
    notice = await queue(alice.id, "buyer.verified")
    crashed = new_claim()
    assert [n.id for n in await claim(crashed, 10)] == [notice.id]
    assert await claim(new_claim(), 10) == []  # leased: nobody else sends it meanwhile

    later = clock.now() + LEASE + timedelta(seconds=1)
    monkeypatch.setattr(clock, "now", lambda: later)
    successor = new_claim()
    assert [n.id for n in await claim(successor, 10)] == [notice.id]

    # The first sender coming back cannot send or settle what is no longer its own.
    assert not await notifications.hold(notice.id, crashed)
    assert not await notifications.settle(notice.id, crashed)
    assert await notifications.settle(notice.id, successor)
    assert (await Notification.get(id=notice.id)).attempts == 2


async def test_a_settled_notice_is_never_taken_again(monkeypatch: pytest.MonkeyPatch) -> None:
    alice = await factories.customer()
    notice = await queue(alice.id, "buyer.verified")
    sender = new_claim()
    await claim(sender, 10)
    assert await notifications.settle(notice.id, sender)

    later = clock.now() + timedelta(days=30)
    monkeypatch.setattr(clock, "now", lambda: later)
    assert await claim(new_claim(), 10) == []
    assert not await notifications.settle(notice.id, sender)  # settling twice changes nothing


async def test_a_notice_given_back_for_later_waits_until_then() -> None:
    alice = await factories.customer()
    notice = await queue(alice.id, "buyer.verified")
    sender = new_claim()
    await claim(sender, 10)

    await notifications.release(notice.id, sender, clock.now() + timedelta(seconds=30))

    assert await claim(new_claim(), 10) == []
    row = await Notification.get(id=notice.id)
    assert row.sent_at is None and row.claimed_by is None
