"""Validation (see DOMAIN.md)."""
