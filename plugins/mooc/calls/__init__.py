"""The mooc plugin's calls area."""
