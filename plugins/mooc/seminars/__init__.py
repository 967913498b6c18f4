"""The mooc plugin's seminars area."""
