"""The labels plugin's models: one ``Award`` for every recognition."""

from plugins.labels.models.awards import Award, IssuerKind, SubjectType

__all__ = ["Award", "IssuerKind", "SubjectType"]
