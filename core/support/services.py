"""Support requests ("project cards", DOMAIN.md §3).

A teacher asks their National Support Service; the NSS staff of the teacher's
school's country answer. Every function takes the acting user as ``actor``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, override

from core import audit
from core.models import (
    Notification,
    SupportMessage,
    SupportRequest,
    User,
)
from core.services import notify
from core.staff import countries_served_by, is_nss_staff, nss_staff_of_country, serves_country

# Audit actions written by this module's services: one name per change.
SUPPORT_REQUEST_ANSWERED = "support.answered"
SUPPORT_REQUEST_CLOSED = "support.closed"
SUPPORT_REQUEST_OPENED = "support.opened"
SUPPORT_REQUEST_REPLIED = "support.replied"

MAX_TEXT_LENGTH = 5000
MAX_PROJECT_TITLE_LENGTH = 200
# Unvalidated teachers need help too; only these states may not ask.
STATES_WITHOUT_SUPPORT = (User.State.BLOCKED, User.State.DELETED)


# --- who may do what ---------------------------------------------------------------


def is_support_staff(user: User) -> bool:
    """Whether ``user`` handles support requests of some country (or all, as superuser)."""
    return is_nss_staff(user)


def can_handle(staff: User, support_request: SupportRequest) -> bool:
    """The NSS staff of the request's country (and superusers) answer and close it."""
    return serves_country(staff, support_request.country_id)


def requests_for_staff(staff: User) -> QuerySet[SupportRequest]:
    """The requests ``staff`` may see in the admin: their countries' (superuser: all)."""
    requests = SupportRequest.objects.all()
    countries = countries_served_by(staff)
    if countries is not None:
        requests = requests.filter(country__in=countries)
    return requests


def _check_teacher_may_ask(actor: User) -> None:
    if actor.kind != User.Kind.TEACHER:
        raise PermissionDenied(_("Only teachers can ask their National Support Service."))
    if actor.state in STATES_WITHOUT_SUPPORT:
        raise PermissionDenied(_("Your account cannot send support requests."))


def _check_open(support_request: SupportRequest) -> None:
    if support_request.status == SupportRequest.Status.CLOSED:
        raise ValidationError(
            _("This request is closed and takes no more messages. Please open a new request.")
        )


def _clean_text(text: str, *, empty_message: str) -> str:
    """Plain text: surrounding blanks removed, required, at most MAX_TEXT_LENGTH characters."""
    text = (text or "").replace("\x00", "").strip()
    if not text:
        raise ValidationError(empty_message)
    if len(text) > MAX_TEXT_LENGTH:
        raise ValidationError(
            _("Please write at most %(max)d characters (you wrote %(count)d).")
            % {"max": MAX_TEXT_LENGTH, "count": len(text)}
        )
    return text


# --- notifications -----------------------------------------------------------------


def _teacher_url(support_request: SupportRequest) -> str:
    return reverse("core:support-detail", args=[support_request.pk])


def _staff_url(support_request: SupportRequest) -> str:
    return reverse("opentwin_support_detail", args=[support_request.pk])


def _notify_nss(support_request: SupportRequest, *, kind: str, title: str, body: str) -> None:
    """Notify the NSS staff of the request's country, each in their own language.

    The title names no teacher: other people's notifications are out of reach when a
    teacher's personal data is erased.
    """
    for staff in nss_staff_of_country(support_request.country_id):
        with override(staff.language or None):
            intro = _(
                "%(actor)s wrote about their support request (%(topic)s). Please answer it "
                "on the request's page:"
            ) % {"actor": Notification.ACTOR, "topic": support_request.get_topic_display()}
            notify(
                staff,
                kind=kind,
                title=_(title),
                body=f"{intro}\n\n{body}",
                url=_staff_url(support_request),
                actor=support_request.teacher,
            )


def _notify_teacher(support_request: SupportRequest, *, kind: str, title: str, body: str) -> None:
    teacher = support_request.teacher
    with override(teacher.language or None):
        intro = _("About your support request (%(topic)s):") % {
            "topic": support_request.get_topic_display()
        }
        notify(
            teacher,
            kind=kind,
            title=_(title),
            body=f"{intro}\n\n{body}" if body else intro,
            url=_teacher_url(support_request),
        )


# Marked for translation here, translated in the recipient's language when sent.
TITLE_OPENED = gettext_noop("A teacher asks the National Support Service a question")
TITLE_REPLIED = gettext_noop("A teacher wrote again about their support request")
TITLE_ANSWERED = gettext_noop("The National Support Service answered your question")
TITLE_CLOSED = gettext_noop("The National Support Service closed your support request")


# --- support requests --------------------------------------------------------------


def open_support_request(
    *,
    actor: User,
    topic: str,
    question: str,
    project_id: int | None = None,
    project_title: str = "",
) -> SupportRequest:
    """A teacher asks the NSS of their school's country; that NSS is notified.

    ``project_id`` is kept for the plugin that owns projects and is not used yet.
    """
    _check_teacher_may_ask(actor)
    if actor.school_id is None:
        raise ValidationError(
            _(
                "Please choose your school in your profile first: your question goes to "
                "the National Support Service of your school's country."
            )
        )
    if topic not in SupportRequest.Topic.values:
        raise ValidationError(_("Please choose a topic from the list."))
    question = _clean_text(question, empty_message=_("Please write your question."))
    project_title = (project_title or "").strip()
    if len(project_title) > MAX_PROJECT_TITLE_LENGTH:
        raise ValidationError(
            _("The project title may have at most %(max)d characters.")
            % {"max": MAX_PROJECT_TITLE_LENGTH}
        )
    with transaction.atomic():
        now = timezone.now()
        support_request = SupportRequest.objects.create(
            teacher=actor,
            country_id=actor.school.country_id,
            topic=topic,
            project_title=project_title,
            question=question,
            created_at=now,
            updated_at=now,
        )
        audit.record(SUPPORT_REQUEST_OPENED, actor=actor, target=support_request, topic=topic)
        _notify_nss(support_request, kind="support.opened", title=TITLE_OPENED, body=question)
    return support_request


def _add_message(
    support_request: SupportRequest, *, author: User, body: str, status: str
) -> SupportMessage:
    now = timezone.now()
    message = SupportMessage.objects.create(
        request=support_request, author=author, body=body, created_at=now
    )
    support_request.status = status
    support_request.updated_at = now
    support_request.save(update_fields=["status", "updated_at"])
    return message


def answer_support_request(
    *, actor: User, support_request: SupportRequest, body: str
) -> SupportMessage:
    """The NSS of the request's country answers; the teacher is notified."""
    if not can_handle(actor, support_request):
        raise PermissionDenied(_("Only the National Support Service of the country may answer."))
    _check_open(support_request)
    body = _clean_text(body, empty_message=_("Please write your answer."))
    with transaction.atomic():
        message = _add_message(
            support_request, author=actor, body=body, status=SupportRequest.Status.ANSWERED
        )
        audit.record(SUPPORT_REQUEST_ANSWERED, actor=actor, target=support_request)
        _notify_teacher(support_request, kind="support.answered", title=TITLE_ANSWERED, body=body)
    return message


def reply_to_support_request(
    *, actor: User, support_request: SupportRequest, body: str
) -> SupportMessage:
    """The teacher writes a follow-up: the request is open again and the NSS is notified."""
    if actor.pk != support_request.teacher_id:
        raise PermissionDenied(_("Only the teacher who asked may reply."))
    _check_teacher_may_ask(actor)
    _check_open(support_request)
    body = _clean_text(body, empty_message=_("Please write your message."))
    with transaction.atomic():
        message = _add_message(
            support_request, author=actor, body=body, status=SupportRequest.Status.OPEN
        )
        audit.record(SUPPORT_REQUEST_REPLIED, actor=actor, target=support_request)
        _notify_nss(support_request, kind="support.replied", title=TITLE_REPLIED, body=body)
    return message


def close_support_request(*, actor: User, support_request: SupportRequest) -> None:
    """The teacher or the country's NSS closes the request; NSS closing tells the teacher."""
    by_teacher = actor.pk == support_request.teacher_id
    if not by_teacher and not can_handle(actor, support_request):
        raise PermissionDenied(_("You may not close this request."))
    if support_request.status == SupportRequest.Status.CLOSED:
        raise ValidationError(_("This request is already closed."))
    with transaction.atomic():
        support_request.status = SupportRequest.Status.CLOSED
        support_request.updated_at = timezone.now()
        support_request.save(update_fields=["status", "updated_at"])
        audit.record(SUPPORT_REQUEST_CLOSED, actor=actor, target=support_request)
        if not by_teacher:
            _notify_teacher(support_request, kind="support.closed", title=TITLE_CLOSED, body="")
