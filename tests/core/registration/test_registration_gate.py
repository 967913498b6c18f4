"""Until verified the account cannot go further; without a school it is sent to the
school step (DOMAIN.md §2.2-2.3). Others pass through."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.models import User
from tests.factories import PASSWORD, PupilFactory, TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db

CHECK_EMAIL = "/register/check-email/"
SCHOOL_STEP = "/register/school/"


def test_unverified_teacher_who_logs_in_is_kept_on_the_check_email_page(client, unverified_teacher):
    response = client.post(
        reverse("core:login"), {"username": "unverified", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == CHECK_EMAIL
    assert "Confirm your e-mail address" in response.content.decode()
    assert "unverified@example.org" in response.content.decode()
    for path in ("/desktop/", "/notifications/", "/", SCHOOL_STEP, "/profile/school/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url == CHECK_EMAIL, path


@pytest.mark.parametrize(
    "path", [CHECK_EMAIL, "/register/resend/", "/register/verify/not-a-token/"]
)
def test_unverified_teacher_may_reach_the_verification_pages(client, unverified_teacher, path):
    client.force_login(unverified_teacher)
    assert client.get(path).status_code in (200, 400)


def test_unverified_teacher_may_log_out_and_change_language(client, unverified_teacher):
    client.force_login(unverified_teacher)
    response = client.post("/i18n/setlang/", {"language": "fr", "next": CHECK_EMAIL})
    assert response.url == CHECK_EMAIL
    response = client.post(reverse("core:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_check_email_page_offers_to_resend_the_link(client, unverified_teacher):
    client.force_login(unverified_teacher)
    content = client.get(CHECK_EMAIL).content.decode()
    assert f'action="{reverse("core:register-resend")}"' in content
    assert 'value="unverified@example.org"' in content


def test_profile_incomplete_teacher_is_sent_to_the_school_step(client, incomplete_teacher):
    client.force_login(incomplete_teacher)
    for path in ("/desktop/", "/", CHECK_EMAIL):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url in (SCHOOL_STEP, "/desktop/"), path
    response = client.get("/desktop/", follow=True)
    assert response.redirect_chain[-1][0] == SCHOOL_STEP
    assert client.get(SCHOOL_STEP).status_code == 200


@pytest.mark.parametrize(
    "make_user",
    [
        lambda: TeacherFactory(),
        lambda: UserFactory(kind=User.Kind.STAFF, state=User.State.EMAIL_UNVERIFIED),
        lambda: UserFactory(state=User.State.EMAIL_UNVERIFIED, is_staff=True),
        lambda: PupilFactory(),
        lambda: UserFactory(state=User.State.WAITING_VALIDATION),
    ],
    ids=["validated-teacher", "staff-kind", "is-staff", "pupil", "waiting-teacher"],
)
def test_other_users_pass_through(client, make_user):
    client.force_login(make_user())
    assert client.get("/notifications/").status_code == 200


def test_unverified_superuser_reaches_the_admin(client):
    client.force_login(
        UserFactory(state=User.State.EMAIL_UNVERIFIED, is_superuser=True, is_staff=True)
    )
    assert client.get("/admin/").status_code == 200


def test_visitors_are_not_gated(client):
    assert client.get(reverse("core:register")).status_code == 200


def test_an_api_call_before_verification_gets_a_json_refusal_saying_what_to_do(
    client, unverified_teacher
):
    client.force_login(unverified_teacher)
    response = client.get("/api/v1/account/profile")
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Finish your registration first: confirm your e-mail address."
    }


def test_an_api_call_without_a_school_gets_a_json_refusal_saying_what_to_do(
    client, incomplete_teacher
):
    client.force_login(incomplete_teacher)
    response = client.get("/api/v1/account/profile")
    assert response.status_code == 403
    assert response.json() == {"detail": "Finish your registration first: choose your school."}


def test_the_registration_status_api_answers_at_every_step(client, unverified_teacher):
    client.force_login(unverified_teacher)
    response = client.get("/api/v1/account/registration")
    assert response.status_code == 200
    assert response.json()["state"] == "email_unverified"
