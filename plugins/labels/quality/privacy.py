"""What the National Quality Label holds about one person, for export and erasure.

Export: the person's applications (answers, evidence, state, the scores and comments
they were told) and the evaluations they wrote as staff. Erasure: an application not
decided yet is withdrawn; every application of theirs loses its evidence and the
project's title stays only as the count the NSS keeps for its yearly figures; the
evaluations they wrote as staff stay, without them. The labels themselves are the
awards' (revoked as "holder erased" there). Safe to run twice.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from core.models import User
from plugins.labels.models import Evaluation, QualityLabelApplication

State = QualityLabelApplication.State


def _when(value) -> str | None:
    return value.isoformat() if value else None


def export_quality_data(user: User) -> dict[str, Any]:
    applications = QualityLabelApplication.objects.filter(applicant=user).order_by("pk")
    return {
        "applications": [
            {
                "project": application.project_title,
                "school_year": application.school_year,
                "state": application.state,
                "submitted": _when(application.submitted_at),
                "eligibility": application.eligibility,
                "evidence": application.evidence,
                "scores": application.scores,
                "total_score": str(application.total_score)
                if application.total_score is not None
                else None,
                "decision_comment": application.decision_comment,
            }
            for application in applications
        ],
        "evaluations_written": [
            {
                "project": evaluation.application.project_title,
                "as": evaluation.role,
                "scores": evaluation.scores,
                "comment": evaluation.comment,
                "scored": _when(evaluation.submitted_at),
            }
            for evaluation in Evaluation.objects.filter(evaluator=user).select_related(
                "application"
            )
        ],
    }


def erase_quality_data(user: User) -> None:
    applications = QualityLabelApplication.objects.filter(applicant=user)
    with transaction.atomic():
        applications.filter(state=State.SUBMITTED).update(
            state=State.WITHDRAWN, withdrawn_at=timezone.now()
        )
        applications.update(evidence={}, eligibility={}, decision_comment="", school=None)
        Evaluation.objects.filter(evaluator=user).update(evaluator=None)
