"""Message filters the wizards share."""

from aiogram import F

# Text that answers a wizard's question: not a command, which goes on to the router that knows it.
TYPED = F.text & ~F.text.startswith("/")
