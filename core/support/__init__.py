"""Support (see DOMAIN.md)."""
