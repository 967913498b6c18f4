"""Directory (see DOMAIN.md)."""
