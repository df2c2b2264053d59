"""Customers and buyers: first contact, language, buyer applications, follows, track records."""
