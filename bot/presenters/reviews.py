"""Reviews in a chat: the stars to pick, the news of a review and of its reply, and a buyer's reviews to read."""

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder
from babel.dates import format_date

from bot.callbacks import BuyerReviews, ReviewReply, ReviewStars
from bot.presenters.buyers import stars_line
from bot.presenters.text import BABEL_LOCALE, escape, fit, language
from core.services.trade.order_cards import OrderCard
from core.services.trade.review_pages import PublishedReview, ReviewsPage

# Five reviews cut to these lengths stay within a message's 4096 characters, heading included.
REVIEW_SHOWN = 450
REPLY_SHOWN = 200


def stars(count: int) -> str:
    return "★" * count + "☆" * (5 - count)


def review_prompt(card: OrderCard) -> str:
    return _("How did order #{id} ({title}) go? Rate the buyer, then tell other customers in a few words.").format(
        id=card.id, title=escape(card.title)
    )


def stars_keyboard(order_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for count in range(1, 6):
        builder.button(text=f"{count} ★", callback_data=ReviewStars(order_id=order_id, stars=count))
    builder.adjust(5)
    return builder.as_markup()


def reply_keyboard(review_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("💬 Reply"), callback_data=ReviewReply(review_id=review_id))
    return builder.as_markup()


def _review_block(review: PublishedReview) -> str:
    written = format_date(review.written_at, "medium", locale=BABEL_LOCALE.get(language(), "en"))
    lines = [f"{stars(review.stars)} · {written}", escape(fit(review.text, REVIEW_SHOWN))]
    if review.reply is not None:
        lines.append("↪️ " + _("The buyer replied: {reply}").format(reply=escape(fit(review.reply, REPLY_SHOWN))))
    return "\n".join(lines)


def reviews_text(page: ReviewsPage) -> str:
    """One page of a buyer's reviews, newest first, under the buyer's name and stars."""
    head = _("<b>Reviews of {name}</b>").format(name=escape(page.buyer.name)) + "\n" + stars_line(page.buyer.reputation)
    if not page.reviews.items:
        return head + "\n\n" + _("No reviews yet.")
    return head + "\n\n" + "\n\n".join(_review_block(review) for review in page.reviews.items)


def reviews_keyboard(page: ReviewsPage) -> InlineKeyboardMarkup | None:
    """More ▶ while there are older reviews."""
    if page.reviews.next_before is None:
        return None
    builder = InlineKeyboardBuilder()
    builder.button(
        text=_("More ▶"), callback_data=BuyerReviews(buyer_id=page.buyer.id, before=page.reviews.next_before)
    )
    return builder.as_markup()
