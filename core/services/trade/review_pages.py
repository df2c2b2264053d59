"""A buyer's reviews as customers read them: stars, words and the buyer's reply, newest first, a page at a time."""

from dataclasses import dataclass
from datetime import datetime

from core.errors import NotFound
from core.models.reviews import Review
from core.models.users import User
from core.services.people.buyer_records import BuyerRecord, buyer_records
from core.services.runtime.pages import Page, page_of, page_read_as

REVIEWS_PER_PAGE = 5


@dataclass(frozen=True, slots=True)
class PublishedReview:
    id: int
    stars: int
    text: str
    written_at: datetime
    reply: str | None  # the buyer's one answer, if given


@dataclass(frozen=True, slots=True)
class ReviewsPage:
    buyer: BuyerRecord  # the name and the track record heading the page
    reviews: Page[PublishedReview]


def _published(review: Review) -> PublishedReview:
    return PublishedReview(review.id, review.stars, review.text, review.created_at, review.reply)


async def buyer_reviews(buyer_id: int, before: int | None = None, limit: int = REVIEWS_PER_PAGE) -> ReviewsPage:
    """The reviews older than `before` (a review id; None for the newest). Customers are not named: the
    review speaks for the order, and a customer's name is theirs to share."""
    if not await User.exists(id=buyer_id):
        raise NotFound("buyer.not_found")
    page = await page_of(Review.filter(buyer_id=buyer_id), before, limit)
    records = await buyer_records([buyer_id])
    return ReviewsPage(records[buyer_id], page_read_as(page, _published))
