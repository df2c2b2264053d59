"""How core objects look in a chat: texts and keyboards, in the current user's language."""
