"""Registration (see DOMAIN.md)."""
