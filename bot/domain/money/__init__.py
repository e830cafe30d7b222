"""Payments owed to contractors and when the owner hears about them."""
