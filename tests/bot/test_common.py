"""First contact, help, language and the things people send that the bot does not expect."""

import pytest

from bot.handlers import browse
from sandbox import CallbackAnswer
from sandbox.views import ChatMessage
from tests.bot.conftest import Person, World


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


@pytest.mark.parametrize(
    ("language", "answer"), [("en", "A photo on its own is not something I can use"), ("zh", "单独一张照片")]
)
async def test_a_photo_sent_out_of_any_step_says_where_photos_go(world: World, language: str, answer: str) -> None:
    dan = world.person("Dan", language=language)
    await dan.driver.send_photo(dan.user)

    reply = texts(await dan.next())

    assert answer in reply and "/sell" in reply and "/request" in reply


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

    monkeypatch.setattr(browse, "found_cards", broken)
    dan = world.person("Dan")
    reply = await dan.says("porter bag")
    assert "something went wrong on our side" in texts(reply)
    assert any("RuntimeError" in record.getMessage() for record in caplog.records)
    assert "porter bag" not in caplog.text  # what the user typed stays out of the logs
    assert "Nothing to cancel" in texts(await dan.says("/cancel"))


def menu_labels(world: World, person: Person) -> list[list[str]]:
    keyboard = world.driver.reply_keyboard(person.user)
    assert keyboard is not None
    return [[button["text"] for button in row] for row in keyboard["keyboard"]]


async def picks(person: Person, message: ChatMessage, text: str) -> tuple[CallbackAnswer, ChatMessage]:
    """Press a button: the bot's answer to the press, and the message it sends next."""
    person.driver.mark_read(person.user)
    answer = await person.driver.press_button(person.user, message, text)
    return answer, await person.next()


async def test_language_switches_an_english_user_to_chinese_and_back(world: World) -> None:
    alice = world.person("Alice")
    await alice.says("/start")
    assert menu_labels(world, alice)[1] == ["📦 My orders", "🛍 Sell"]

    choice = await alice.says("/language")
    assert texts(choice) == "Choose your language:" and choice.button_texts() == ["English", "中文"]
    answer, said = await picks(alice, choice, "中文")
    assert answer.text == "语言已切换。" and texts(said) == "从现在起我将使用中文。"
    assert menu_labels(world, alice) == [["🔎 逛逛", "📝 发布求购"], ["📦 我的订单", "🛍 我要卖"], ["⚙️ 设置"]]
    assert (await alice.account()).language == "zh"
    assert texts(await alice.says("📦 我的订单")) == "您还没有订单。去逛逛商品或发布求购吧。"
    assert texts(await alice.says("/settings")).startswith("设置\n语言：中文")
    assert texts(await alice.says("/cancel")) == "没有可取消的操作。接下来想做什么？"

    choice = await alice.says("/language")
    assert texts(choice) == "请选择语言："
    answer, said = await picks(alice, choice, "English")
    assert answer.text == "Language changed." and texts(said) == "I will speak English from now on."
    assert menu_labels(world, alice)[1] == ["📦 My orders", "🛍 Sell"]
    assert texts(await alice.says("📦 My orders")).startswith("You have no orders yet.")
    assert texts(await alice.says("/cancel")) == "Nothing to cancel. What next?"
