"""Every area's handlers, tried area by area in this order; the fallback must stay last.

All on one router rather than a router per area: aiogram builds some thirty event observers for each
router and walks the chain of routers for every update, for no difference in what is tried when.
"""

from aiogram import Router

from bot.handlers import (
    addresses,
    bond,
    browse,
    buyer,
    buyer_reviews,
    chat,
    common,
    disputes,
    earnings,
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

AREAS = (
    common,
    payments,
    bond,
    earnings,
    chat,  # before the areas whose menu buttons end a chat
    buyer,
    selling,
    reports,
    requests,
    my_requests,
    feed,
    offers,
    disputes,
    addresses,
    orders,
    reviews,
    buyer_reviews,
    browse,
    inline,
    errors,
    fallback,
)


def register_handlers(router: Router) -> None:
    for area in AREAS:
        area.handlers.register_on(router)
