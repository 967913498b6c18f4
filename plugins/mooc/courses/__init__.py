"""The mooc plugin's courses area."""
