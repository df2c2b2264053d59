"""Photos in the admin web come from Telegram once, then from a bounded disk cache, with ETags for the browser."""

import io
import itertools
import os
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from aiohttp.test_utils import TestClient, TestServer
from PIL import Image

from admin_web.app import create_app
from core.config import Settings
from core.services.people import users
from sandbox import Sandbox, serve
from sandbox.journal import Journal
from tests import factories
from tests.admin_web.conftest import moderator, sign_in

TOKEN = "9002:AdminPhotoCacheToken"
_moderators = itertools.count()


class Telegram:
    """The sandbox as the Bot API the admin web downloads from, counting the files it was asked for."""

    def __init__(self) -> None:
        self.sandbox = Sandbox(bot_username="daigou_photo_cache_bot")
        self.driver = self.sandbox.driver(TOKEN)
        self.journal: Journal = self.driver.keep_journal()

    def photo(self, side: int) -> tuple[str, bytes]:
        """A photo of noise, which does not compress: its size on disk is about `side`² × 3 bytes."""
        image = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
        png = io.BytesIO()
        image.save(png, format="PNG")
        return self.driver.bot.files.add_photo(png.getvalue(), side, side)[-1]["file_id"], png.getvalue()

    def asked(self) -> int:
        return sum(call.method == "getfile" for call in self.journal.calls)


@asynccontextmanager
async def admin_web(
    telegram: Telegram, override_settings: Callable[..., Settings], folder: Path, megabytes: int = 256
) -> AsyncIterator[Any]:
    """A signed-in moderator's browser on an admin web process whose photo cache is `folder`."""
    async with serve(telegram.sandbox) as api_url:
        override_settings(telegram_api_url=api_url, bot_token=TOKEN, photo_cache_dir=folder, photo_cache_mb=megabytes)
        async with TestClient(TestServer(create_app(open_database=False))) as client:
            yield await sign_in(client, await moderator(f"mei-{next(_moderators)}"))


async def test_a_photo_is_downloaded_once_and_a_browser_that_has_it_gets_a_304(
    override_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    telegram = Telegram()
    file_id, png = telegram.photo(32)
    async with admin_web(telegram, override_settings, tmp_path) as browser:
        first = await browser.get(f"/photo/{file_id}")
        again = await browser.get(f"/photo/{file_id}")
        etag = again.headers["ETag"]
        unchanged = await browser.get(f"/photo/{file_id}", headers={"If-None-Match": etag})

        assert (first.status, await first.read()) == (200, png)
        assert (again.status, await again.read()) == (200, png)
        assert first.headers["ETag"] == etag
        assert (unchanged.status, await unchanged.read()) == (304, b"")
        assert telegram.asked() == 1


async def test_another_admin_web_process_on_the_machine_finds_the_photo_in_the_cache(
    override_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    telegram = Telegram()
    file_id, png = telegram.photo(32)
    async with admin_web(telegram, override_settings, tmp_path) as browser:
        await browser.get(f"/photo/{file_id}")
    async with admin_web(telegram, override_settings, tmp_path) as other:
        assert await (await other.get(f"/photo/{file_id}")).read() == png

    assert telegram.asked() == 1


async def test_the_cache_keeps_within_its_size_and_lets_the_oldest_go(
    override_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    telegram = Telegram()
    photos = [telegram.photo(700) for _ in range(4)]  # about 1.5 MB each
    async with admin_web(telegram, override_settings, tmp_path, megabytes=3) as browser:
        for file_id, png in photos:
            assert await (await browser.get(f"/photo/{file_id}")).read() == png
        asked = telegram.asked()
        assert await (await browser.get(f"/photo/{photos[-1][0]}")).read() == photos[-1][1]  # the newest: kept
        assert telegram.asked() == asked
        assert await (await browser.get(f"/photo/{photos[0][0]}")).read() == photos[0][1]  # the oldest: fetched again
        assert telegram.asked() == asked + 1

    assert on_disk(tmp_path) < 4 * 1024 * 1024


def on_disk(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


async def test_an_identity_document_is_fetched_each_time_and_kept_by_no_cache(
    override_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    telegram = Telegram()
    file_id, png = telegram.photo(32)
    applicant = await factories.customer("Yuki")
    await users.apply_as_buyer(applicant.id, ["JP"], ["bags"], file_id)
    async with admin_web(telegram, override_settings, tmp_path) as browser:
        page = await browser.page(f"/applications/{applicant.id}")
        shown = [await browser.get(f"/applications/{applicant.id}/document") for _ in range(2)]

        assert f'src="/applications/{applicant.id}/document"' in page and file_id not in page
        assert [await response.read() for response in shown] == [png, png]
        assert all(response.headers["Cache-Control"] == "no-store" for response in shown)
        assert telegram.asked() == 2
