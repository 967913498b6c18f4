"""Core's data, one module per concern; import models from here."""

from core.models.accounts import StaffRole, User, ValidationRequest
from core.models.audit import AuditEntry
from core.models.calendar import CalendarFeed
from core.models.contacts import ContactRequest
from core.models.deliveries import EventDeliveryFailure
from core.models.directory import Country, Language, Level, Region, School, Subject
from core.models.notifications import (
    EmailStatus,
    Notification,
    NotificationPreference,
    OutgoingEmail,
)
from core.models.seats import SeatClaim, SeatOffer
from core.models.support import SupportMessage, SupportRequest

__all__ = [
    "AuditEntry",
    "CalendarFeed",
    "ContactRequest",
    "Country",
    "EmailStatus",
    "EventDeliveryFailure",
    "Language",
    "Level",
    "Notification",
    "NotificationPreference",
    "OutgoingEmail",
    "Region",
    "School",
    "SeatClaim",
    "SeatOffer",
    "StaffRole",
    "Subject",
    "SupportMessage",
    "SupportRequest",
    "User",
    "ValidationRequest",
]
