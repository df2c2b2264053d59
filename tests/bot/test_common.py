"""First contact, help, language and the things people send that the bot does not expect."""

import pytest

from bot.handlers import browse
from sandbox.views import ChatMessage
from tests.bot.conftest import World


def texts(message: ChatMessage) -> str:
    return message.text or message.caption or ""


async def test_start_greets_by_name_and_shows_the_menu(world: World) -> None:
    alice = world.person("Alice")
    reply = await alice.says("/start")
    assert "Welcome to Daigou, Alice!" in texts(reply)
    assert "🔎 Browse" in str(world.driver.reply_keyboard(alice.user))


async def test_names_are_escaped_not_interpreted(world: World) -> None:
    mallory = world.person("<b>Mal & Co</b>")
    reply = await mallory.says("/start")
    assert "Welcome to Daigou, <b>Mal & Co</b>!" in texts(reply)


async def test_unknown_commands_stickers_and_stray_text_get_help(world: World) -> None:
    bob = world.person("Bob")
    assert "don't know that command" in texts(await bob.says("/frobnicate"))
    bob.driver.mark_read(bob.user)
    await bob.driver.send_sticker(bob.user, "😀")
    assert "text, photos and button presses" in texts(await bob.next())


async def test_the_same_update_twice_is_answered_once(world: World) -> None:
    carol = world.person("Carol")
    sent = await carol.driver.send_text(carol.user, "/help")
    await carol.next()
    await carol.driver.redeliver(sent.update_id)
    await carol.driver.send_text(carol.user, "/cancel")
    after = await carol.next()
    assert "Nothing to cancel" in texts(after)


async def test_a_failing_handler_is_logged_the_user_asked_to_retry_and_the_bot_keeps_running(
    world: World, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr(browse, "search_listings", broken)
    dan = world.person("Dan")
    reply = await dan.says("porter bag")
    assert "something went wrong on our side" in texts(reply)
    assert any("RuntimeError" in record.getMessage() for record in caplog.records)
    assert "porter bag" not in caplog.text  # what the user typed stays out of the logs
    assert "Nothing to cancel" in texts(await dan.says("/cancel"))
