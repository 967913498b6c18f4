"""The mooc plugin's models, one module per area: online seminars and their recordings,
courses with units, and calls for in-person events (DOMAIN.md §6)."""

from plugins.mooc.models.calls import (
    Application,
    CallQuota,
    CountrySelection,
    EventCall,
)
from plugins.mooc.models.courses import (
    Course,
    Enrolment,
    Unit,
    UnitCompletion,
    UnitFile,
)
from plugins.mooc.models.seminars import (
    Seminar,
    SeminarAttendance,
    SeminarInterest,
    SeminarRecording,
    Speaker,
)

__all__ = [
    "Application",
    "CallQuota",
    "CountrySelection",
    "Course",
    "Enrolment",
    "EventCall",
    "Seminar",
    "SeminarAttendance",
    "SeminarInterest",
    "SeminarRecording",
    "Speaker",
    "Unit",
    "UnitCompletion",
    "UnitFile",
]
