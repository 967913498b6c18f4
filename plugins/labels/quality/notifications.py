"""What National Quality Label applications tell people: the applicant that their
application arrived, the NSS of their country that one waits for evaluation."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from core.contrib import NotificationKind
from core.notifications import notify_people
from core.staff import nss_staff_of_country

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
        url="",
        actor=application.applicant,
    )
