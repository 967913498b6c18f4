"""What National Quality Label applications tell people: the applicant that their
application arrived, the NSS of their country that one waits for evaluation."""

from __future__ import annotations

from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from core.contrib import NotificationKind
from core.notifications import notify_people
from core.staff import nss_staff_of_country
from plugins.labels.quality import rubric

SUBMITTED = "labels.nql_submitted"
TO_EVALUATE = "labels.nql_to_evaluate"

KINDS = [
    NotificationKind(SUBMITTED, _("Your application for a National Quality Label is received")),
    NotificationKind(
        TO_EVALUATE, _("A National Quality Label application waits for evaluation (staff)")
    ),
]

TITLE_SUBMITTED = gettext_noop(
    "Your application for the National Quality Label for “%(project)s” is received"
)
BODY_SUBMITTED = gettext_noop(
    "Your application for the National Quality Label for the project “%(project)s” is "
    "received. Your National Support Service evaluates it with its rubric and tells you "
    "the outcome, the scores and their comments. Until the evaluation starts you may "
    "withdraw it."
)
TITLE_TO_EVALUATE = gettext_noop(
    "A National Quality Label application for “%(project)s” waits for evaluation"
)
BODY_TO_EVALUATE = gettext_noop(
    "%(actor)s applied for the National Quality Label for the project “%(project)s”. "
    "Please evaluate it with the rubric under National Quality Labels in the admin."
)


def notify_submitted(application) -> None:
    params = {"project": application.project_title}
    notify_people(
        [application.applicant],
        kind=SUBMITTED,
        title=TITLE_SUBMITTED,
        body=BODY_SUBMITTED,
        params=params,
        url=reverse("quality_labels:detail", args=[application.pk]),
    )
    notify_people(
        nss_staff_of_country(application.country_id),
        kind=TO_EVALUATE,
        title=TITLE_TO_EVALUATE,
        body=BODY_TO_EVALUATE,
        params=params,
        url=reverse("quality_admin:detail", args=[application.pk]),
        actor=application.applicant,
    )


DECIDED = "labels.nql_decided"
KINDS.append(
    NotificationKind(DECIDED, _("The outcome of your application for a National Quality Label"))
)

TITLE_AWARDED = gettext_noop("Your project “%(project)s” is awarded the National Quality Label")
BODY_AWARDED = gettext_noop(
    "%(actor)s awarded the National Quality Label to your project “%(project)s” with "
    "%(total)s of %(max)s points. The scores: %(scores)s. The evaluators' comments: "
    "%(comments)s. The label is ready to download and share among your labels and "
    "certificates."
)
TITLE_NOT_AWARDED = gettext_noop(
    "Your project “%(project)s” is not awarded the National Quality Label"
)
BODY_NOT_AWARDED = gettext_noop(
    "%(actor)s did not award the National Quality Label to your project “%(project)s”: "
    "%(total)s of %(max)s points. The scores: %(scores)s. The evaluators' comments: "
    "%(comments)s. You may apply again with another project, or with this one in a later "
    "window."
)


def _score_lines(application) -> str:
    lines = []
    for item in rubric.items():
        if item.key in application.scores:
            lines.append(
                f"{rubric.title(item.title)} {application.scores[item.key]}/{item.max_points}"
            )
    return "; ".join(lines)


def _comments(application) -> str:
    words = [application.decision_comment] + [
        evaluation.comment for evaluation in application.evaluations.all() if evaluation.comment
    ]
    words = [text for text in words if text]
    return " / ".join(words) if words else gettext("none")


def notify_decided(application) -> None:
    """Tell the applicant the outcome with the scores and the comments (in their language)."""
    awarded = application.state == application.State.AWARDED
    maximum = sum(item.max_points for item in rubric.items())
    notify_people(
        [application.applicant],
        kind=DECIDED,
        title=TITLE_AWARDED if awarded else TITLE_NOT_AWARDED,
        body=BODY_AWARDED if awarded else BODY_NOT_AWARDED,
        params={
            "project": application.project_title,
            "total": f"{application.total_score.normalize():f}",
            "max": maximum,
            "scores": lazy(_score_lines, str)(application),
            "comments": lazy(_comments, str)(application),
        },
        url=reverse("quality_labels:detail", args=[application.pk]),
        actor=application.decided_by,
    )
