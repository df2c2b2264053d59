"""Order stories in the chat: the people and the order to start from, and how a person reaches its card."""

from bot.callbacks import OrderAction, PromisedStep
from core.domain.order_machine import OrderState
from core.models.listings import Listing
from core.models.orders import Order
from core.models.users import User
from sandbox.views import ChatMessage
from tests import factories
from tests.bot.conftest import Person, World


def order_data(action: str, order_id: int) -> str:
    """The callback data of an order's button, as the bot packs it (or as a forger would)."""
    return OrderAction(action=action, order_id=order_id).pack()


_STEPS = {"o": OrderAction, "ps": PromisedStep}


def actions_on(message: ChatMessage) -> list[str]:
    """The order actions of the message's buttons, in order (those carrying a promise too)."""
    datas = [button.get("callback_data", "") for row in message.buttons for button in row]
    return [_STEPS[data.split(":")[0]].unpack(data).action for data in datas if data.split(":")[0] in _STEPS]


def data_of(message: ChatMessage, text: str) -> str:
    """The callback data of the button labelled `text`, to replay it later."""
    return str(message.button(text)["callback_data"])


def label_of(message: ChatMessage, data: str) -> str:
    """The text of the button carrying `data`."""
    return next(button["text"] for row in message.buttons for button in row if button.get("callback_data") == data)


async def open_card(person: Person, order_id: int) -> ChatMessage:
    """/orders, then the order's button: its card."""
    listing = await person.says("/orders")
    return await person.presses(listing, label_of(listing, order_data("view", order_id)))


async def shop(world: World, quantity: int = 1) -> tuple[Person, User, Listing]:
    """Bob, a verified buyer who has talked to the bot, with a Porter bag for ¥12,800 on sale."""
    bob = world.person("Bob")
    await bob.says("/start")
    seller = await bob.becomes_verified_buyer()
    bag = await factories.listing(seller, title="Porter Tanker", quantity=quantity, photo_file_ids=[world.photo()])
    return bob, seller, bag


async def pair(world: World, state: OrderState, customer_language: str = "en") -> tuple[Person, Person, Order]:
    """Alice and Bob, both known to the bot, with an order between them moved on to `state`."""
    bob, seller, _ = await shop(world)
    alice = world.person("Alice", customer_language)
    await alice.says("/start")
    order = await factories.order_in(state, shopper=await alice.account(), seller=seller)
    # The story starts here: what the set-up told them (new order, deposit paid...) is already read.
    for person in (alice, bob):
        await person.catches_up()
    return alice, bob, order
