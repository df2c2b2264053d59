"""Photos and documents: uploads, file_ids, getFile and downloads, albums."""

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import BufferedInputFile, InputMediaDocument, InputMediaPhoto

from sandbox import Driver, make_png


async def started_user(driver: Driver) -> int:
    user = driver.create_user("Bob")
    await driver.send_text(user, "/start")
    return user.id


async def test_an_uploaded_photo_can_be_fetched_back_byte_for_byte(bot: Bot, driver: Driver) -> None:
    chat_id = await started_user(driver)
    image = make_png(640, 480)

    sent = await bot.send_photo(
        chat_id, BufferedInputFile(image, "listing.png"), caption="<i>Bag</i>", parse_mode="HTML"
    )
    largest = sent.photo[-1] if sent.photo else None
    assert largest is not None and (largest.width, largest.height) == (640, 480)
    file = await bot.get_file(largest.file_id)
    downloaded = await bot.download_file(file.file_path or "")

    assert downloaded is not None and downloaded.read() == image
    assert sent.caption == "Bag" and sent.caption_entities and sent.caption_entities[0].type == "italic"
    assert driver.messages(chat_id)[0].photo[-1]["file_id"] == largest.file_id


async def test_a_photo_can_be_resent_by_file_id_with_the_same_unique_id(bot: Bot, driver: Driver) -> None:
    chat_id = await started_user(driver)
    first = await bot.send_photo(chat_id, BufferedInputFile(make_png(100, 50), "a.png"))
    assert first.photo

    again = await bot.send_photo(chat_id, first.photo[-1].file_id)

    assert again.photo and again.photo[-1].file_unique_id == first.photo[-1].file_unique_id
    with pytest.raises(TelegramBadRequest, match="Bad Request: wrong file identifier/HTTP URL specified"):
        await bot.send_photo(chat_id, "AgACnot-a-real-file-id")


async def test_bytes_that_are_not_an_image_are_refused_as_a_photo(bot: Bot, driver: Driver) -> None:
    chat_id = await started_user(driver)

    with pytest.raises(TelegramBadRequest, match="Bad Request: IMAGE_PROCESS_FAILED"):
        await bot.send_photo(chat_id, BufferedInputFile(b"%PDF-1.4 not an image", "x.png"))
    document = await bot.send_document(chat_id, BufferedInputFile(b"%PDF-1.4 receipt", "receipt.pdf"))

    assert document.document is not None and document.document.file_name == "receipt.pdf"
    assert document.document.mime_type == "application/pdf"


async def test_a_photo_the_user_sends_is_downloadable_by_the_bot(bot: Bot, driver: Driver) -> None:
    user = driver.create_user("Carol")
    image = make_png(1200, 900, (10, 200, 30))

    sent = await driver.send_photo(user, image, caption="Is this real?")
    updates = await bot.get_updates(timeout=1)
    message = updates[-1].message
    assert message is not None and message.photo and message.caption == "Is this real?"
    file = await bot.get_file(message.photo[-1].file_id)
    downloaded = await bot.download_file(file.file_path or "")

    assert downloaded is not None and downloaded.read() == image
    assert (message.photo[-1].width, message.photo[-1].height) == (1200, 900)
    assert message.photo[0].width < 1200  # a thumbnail first, the full size last, as Telegram sends them
    assert sent.update_id == updates[-1].update_id


async def test_a_media_group_has_2_to_10_items_and_shares_one_group_id(bot: Bot, driver: Driver) -> None:
    chat_id = await started_user(driver)
    photo = make_png(30, 30)

    album = await bot.send_media_group(
        chat_id,
        [
            InputMediaPhoto(media=BufferedInputFile(photo, "1.png"), caption="Front"),
            InputMediaPhoto(media=BufferedInputFile(photo, "2.png")),
            InputMediaPhoto(media=BufferedInputFile(photo, "3.png")),
        ],
    )
    with pytest.raises(TelegramBadRequest, match="media group must include 2-10 items"):
        await bot.send_media_group(chat_id, [InputMediaPhoto(media=BufferedInputFile(photo, "1.png"))])
    with pytest.raises(TelegramBadRequest, match="too many messages to send as an album"):
        await bot.send_media_group(
            chat_id, [InputMediaPhoto(media=BufferedInputFile(photo, f"{i}.png")) for i in range(11)]
        )
    with pytest.raises(TelegramBadRequest, match="documents can't be mixed"):
        await bot.send_media_group(
            chat_id,
            [
                InputMediaPhoto(media=BufferedInputFile(photo, "1.png")),
                InputMediaDocument(media=BufferedInputFile(b"x", "a.txt")),
            ],
        )

    assert len(album) == 3 and len({message.media_group_id for message in album}) == 1
    assert [message.caption for message in driver.messages(chat_id)] == ["Front", None, None]
