"""Listing photos downloaded from Telegram for the risk engine, as core's `PhotoDownload` wants them."""

import logging

import aiohttp
from aiogram import Bot
from aiogram.exceptions import TelegramAPIError

from core.services.catalog.publishing import PhotoDownload, PhotoUnavailable

log = logging.getLogger(__name__)


def photo_download(bot: Bot) -> PhotoDownload:
    """Download through `bot`; what Telegram cannot hand over now is logged and raised as PhotoUnavailable."""

    async def download(file_id: str) -> bytes:
        try:
            data = await bot.download(file_id)
        except (TelegramAPIError, aiohttp.ClientError, TimeoutError) as error:
            log.warning("photo of a listing could not be downloaded for hashing: %s", type(error).__name__)
            raise PhotoUnavailable(type(error).__name__) from error
        if data is None:
            raise PhotoUnavailable("no data")
        return data.read()

    return download
