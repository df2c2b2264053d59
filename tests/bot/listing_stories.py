"""Listing stories in the chat: Bob with a bag on sale, and how a person opens a listing's card."""

from core.models.listings import Listing
from core.models.users import User
from sandbox.views import ChatMessage
from tests import factories
from tests.bot.conftest import Person, World


async def listed_bag(world: World) -> tuple[Person, User, Listing]:
    """Bob, a verified buyer who has talked to the bot, and his bag on sale."""
    bob = world.person("Bob")
    await bob.says("/start")
    seller = await bob.becomes_verified_buyer()
    return bob, seller, await factories.listing(seller, title="Porter Tanker", photo_file_ids=[world.photo()])


async def card_of(person: Person, listing: Listing) -> ChatMessage:
    """The listing's card in the person's chat, as a shared link opens it."""
    person.driver.mark_read(person.user)
    await person.driver.send_text(person.user, f"/start l-{listing.id}")
    await person.next()  # the welcome
    return await person.next()
