"""Recognition: eTwinning and Quality Labels, prizes, verifiable certificates."""
