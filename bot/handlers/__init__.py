"""One router per area, included in this order; the fallback router must stay last."""

from aiogram import Router

from bot.handlers import common, fallback


def routers() -> list[Router]:
    return [common.router, fallback.router]
