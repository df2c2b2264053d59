"""One handler set per area, built into routers in this order; the fallback must stay last."""

from aiogram import Router

from bot.handlers import (
    bond,
    browse,
    buyer,
    chat,
    common,
    disputes,
    errors,
    fallback,
    feed,
    inline,
    my_requests,
    offers,
    orders,
    payments,
    reports,
    requests,
    reviews,
    selling,
)


def routers() -> list[Router]:
    return [
        area.handlers.build()
        for area in (
            common,
            payments,
            bond,
            chat,  # before the areas whose menu buttons end a chat
            buyer,
            selling,
            reports,
            requests,
            my_requests,
            feed,
            offers,
            disputes,
            orders,
            reviews,
            browse,
            inline,
            errors,
            fallback,
        )
    ]
