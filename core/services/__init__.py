"""Use cases the bot and the admin web call: plain async functions, one transaction each."""
