"""Accounts (see DOMAIN.md)."""
