"""Daigou's domain layer: plain async Python over Tortoise ORM, free of any chat or web framework."""
