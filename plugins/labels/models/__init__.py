"""The labels plugin's models: one ``Award`` for every recognition, and the National
Quality Label's windows and applications."""

from plugins.labels.models.awards import Award, IssuerKind, SubjectType
from plugins.labels.models.quality import (
    ApplicationWindow,
    EuropeanNomination,
    Evaluation,
    QualityLabelApplication,
    RubricCriterion,
    RubricItem,
)

__all__ = [
    "ApplicationWindow",
    "Award",
    "EuropeanNomination",
    "Evaluation",
    "IssuerKind",
    "QualityLabelApplication",
    "RubricCriterion",
    "RubricItem",
    "SubjectType",
]
