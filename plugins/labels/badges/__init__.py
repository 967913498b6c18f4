"""Portable badges: every award as an Open Badges 2.0 hosted assertion (and a baked
picture) and as a signed Open Badges 3.0 credential."""
