"""One handler set per area, built into routers in this order; the fallback must stay last."""

from aiogram import Router

from bot.handlers import common, fallback, payments


def routers() -> list[Router]:
    return [area.handlers.build() for area in (common, payments, fallback)]
