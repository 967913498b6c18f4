"""Support requests (DOMAIN.md §3): a teacher asks their NSS, the NSS answers."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import AuditEntry, Notification, SupportMessage, SupportRequest, User
from core.support import services
from tests.factories import PupilFactory, UserFactory

pytestmark = pytest.mark.django_db


def open_request(teacher, **kwargs) -> SupportRequest:
    kwargs.setdefault("topic", SupportRequest.Topic.PARTNERS)
    kwargs.setdefault("question", "How do I find a partner school?")
    return services.open_support_request(actor=teacher, **kwargs)


def test_teacher_request_notifies_the_nss_of_their_country_only(
    teacher, nss_es, nss_fr, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        support_request = open_request(teacher, project_title="Water for all")
    assert support_request.country.code == "ES"
    assert support_request.status == SupportRequest.Status.OPEN
    assert support_request.project_title == "Water for all"
    assert [message.to for message in mail.outbox] == [[nss_es.email]]
    # Other people's notifications never carry the teacher's name (erasure cannot reach them).
    assert mail.outbox[0].subject == "A teacher asks the National Support Service a question"
    assert f"/admin/support/{support_request.pk}/" in mail.outbox[0].body
    assert not Notification.objects.filter(user=nss_fr).exists()
    assert AuditEntry.objects.filter(action="support.opened", actor=teacher).exists()


def test_unvalidated_teachers_may_ask_for_help(nss_es, make_teacher):
    waiting = make_teacher("ES", state=User.State.WAITING_VALIDATION)
    unverified = make_teacher("ES", state=User.State.PROFILE_INCOMPLETE)
    assert open_request(waiting).pk
    assert open_request(unverified).pk


@pytest.mark.parametrize("state", [User.State.BLOCKED, User.State.DELETED])
def test_blocked_or_deleted_teachers_cannot_ask(state, make_teacher):
    with pytest.raises(PermissionDenied):
        open_request(make_teacher("ES", state=state))
    assert not SupportRequest.objects.exists()


def test_pupils_cannot_open_requests():
    with pytest.raises(PermissionDenied, match="Only teachers"):
        open_request(PupilFactory())
    assert not SupportRequest.objects.exists()


def test_staff_cannot_open_requests(nss_es):
    with pytest.raises(PermissionDenied):
        open_request(nss_es)


def test_teacher_without_a_school_is_told_to_choose_one_first():
    teacher = UserFactory(state=User.State.PROFILE_INCOMPLETE)
    with pytest.raises(ValidationError, match="choose your school"):
        open_request(teacher)
    assert not SupportRequest.objects.exists()


@pytest.mark.parametrize(
    ("question", "message"),
    [("", "Please write your question."), ("   \n ", "Please write your question."),
     ("x" * 5001, "at most 5000 characters")],
)  # fmt: skip
def test_empty_or_too_long_question_is_refused_and_nothing_saved(teacher, question, message):
    with pytest.raises(ValidationError, match=message):
        open_request(teacher, question=question)
    assert not SupportRequest.objects.exists()
    assert not Notification.objects.exists()


def test_question_of_exactly_5000_characters_is_accepted(teacher):
    assert len(open_request(teacher, question="y" * 5000).question) == 5000


def test_unknown_topic_is_refused(teacher):
    with pytest.raises(ValidationError, match="choose a topic"):
        open_request(teacher, topic="gossip")


def test_nss_of_the_country_answers_and_the_teacher_is_notified(
    teacher, nss_es, django_capture_on_commit_callbacks
):
    support_request = open_request(teacher)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_support_request(
            actor=nss_es, support_request=support_request, body="Use the partner search."
        )
    support_request.refresh_from_db()
    assert support_request.status == SupportRequest.Status.ANSWERED
    assert support_request.updated_at > support_request.created_at
    assert [message.to for message in mail.outbox] == [[teacher.email]]
    assert "answered" in mail.outbox[0].subject
    assert "Use the partner search." in mail.outbox[0].body
    assert f"/support/{support_request.pk}/" in mail.outbox[0].body
    assert AuditEntry.objects.filter(action="support.answered", actor=nss_es).exists()


def test_superuser_may_answer_any_country(teacher):
    support_request = open_request(teacher)
    root = UserFactory(kind=User.Kind.STAFF, is_superuser=True)
    services.answer_support_request(actor=root, support_request=support_request, body="Hello")
    assert support_request.status == SupportRequest.Status.ANSWERED


def test_nss_of_another_country_and_other_teachers_cannot_answer(teacher, nss_fr, make_teacher):
    support_request = open_request(teacher)
    for intruder in (nss_fr, make_teacher("ES"), teacher):
        with pytest.raises(PermissionDenied):
            services.answer_support_request(
                actor=intruder, support_request=support_request, body="Hi"
            )
    assert not SupportMessage.objects.exists()


def test_teacher_reply_reopens_an_answered_request_and_notifies_the_nss(
    teacher, nss_es, nss_fr, django_capture_on_commit_callbacks
):
    support_request = open_request(teacher)
    services.answer_support_request(actor=nss_es, support_request=support_request, body="A")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_to_support_request(
            actor=teacher, support_request=support_request, body="Thanks, one more thing"
        )
    support_request.refresh_from_db()
    assert support_request.status == SupportRequest.Status.OPEN
    assert [message.to for message in mail.outbox] == [[nss_es.email]]
    assert list(support_request.messages.values_list("body", flat=True)) == [
        "A",
        "Thanks, one more thing",
    ]


def test_only_the_teacher_who_asked_may_reply(teacher, nss_es, make_teacher):
    support_request = open_request(teacher)
    with pytest.raises(PermissionDenied):
        services.reply_to_support_request(
            actor=make_teacher("ES"), support_request=support_request, body="Me too"
        )


def test_closed_request_refuses_answers_and_replies_with_a_clear_error(teacher, nss_es):
    support_request = open_request(teacher)
    services.close_support_request(actor=teacher, support_request=support_request)
    assert support_request.status == SupportRequest.Status.CLOSED
    with pytest.raises(ValidationError, match="closed and takes no more messages"):
        services.reply_to_support_request(actor=teacher, support_request=support_request, body="x")
    with pytest.raises(ValidationError, match="closed and takes no more messages"):
        services.answer_support_request(actor=nss_es, support_request=support_request, body="x")
    with pytest.raises(ValidationError, match="already closed"):
        services.close_support_request(actor=nss_es, support_request=support_request)
    assert not SupportMessage.objects.exists()


def test_nss_closing_a_request_notifies_the_teacher(
    teacher, nss_es, django_capture_on_commit_callbacks
):
    support_request = open_request(teacher)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.close_support_request(actor=nss_es, support_request=support_request)
    assert [message.to for message in mail.outbox] == [[teacher.email]]
    assert AuditEntry.objects.filter(action="support.closed", actor=nss_es).exists()


def test_nss_of_another_country_cannot_close(teacher, nss_fr):
    support_request = open_request(teacher)
    with pytest.raises(PermissionDenied):
        services.close_support_request(actor=nss_fr, support_request=support_request)


def test_support_staff_are_the_nss_and_superusers(nss_es, teacher):
    assert services.is_support_staff(nss_es)
    assert services.is_support_staff(UserFactory(is_superuser=True))
    assert not services.is_support_staff(teacher)
    assert not services.is_support_staff(AnonymousUser())
