"""The labels plugin's models: one ``Award`` for every recognition, and the National
Quality Label's windows and applications."""

from plugins.labels.models.awards import Award, IssuerKind, SubjectType
from plugins.labels.models.quality import ApplicationWindow, QualityLabelApplication

__all__ = ["ApplicationWindow", "Award", "IssuerKind", "QualityLabelApplication", "SubjectType"]
