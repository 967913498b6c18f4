"""The awards' admin screens (issue 12 item 7): each NSS sees its countries' awards, the
CSS and superusers all; staff find an award by its code as typed, by its holder or its
title, revoke it with a reason through the form and re-issue it; refusals are messages,
never errors, and an award outside one's scope does not exist."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import AuditEntry, StaffRole, User
from plugins.labels.awards import queries, services
from plugins.labels.awards.services import Issuer
from plugins.labels.models import Award, SubjectType
from tests.factories import UserFactory
from tests.factories.twinspace import teacher_in
from tests.support.meetings import make_staff

pytestmark = pytest.mark.django_db

INDEX = "/admin/awards/"


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def issue(holder: User, title: str = "Rivers of Europe", subject_id: int = 1) -> Award:
    """An eTwinning Label issued by the holder's NSS, as the approval's listener does."""
    award, _created = services.issue_award(
        actor=None,
        kind=Award.Kind.ETWINNING_LABEL,
        subject_type=SubjectType.PROJECT,
        subject_id=subject_id,
        subject_title=title,
        issuer=Issuer.nss(holder.school.country),
        user=holder,
    )
    return award


def detail_url(award: Award) -> str:
    return reverse("awards_admin:detail", args=[award.code])


@pytest.fixture
def people():
    return {
        "nss.es": make_staff("nss.es.awards", country="ES"),
        "nss.fr": make_staff("nss.fr.awards", country="FR"),
        "css": make_staff("css.awards", role=StaffRole.Role.CSS, country=None),
        "root": UserFactory(username="root.awards", kind=User.Kind.STAFF, is_superuser=True),
    }


@pytest.fixture
def awards():
    ana = teacher_in("ES", first_name="Ana", last_name="García")
    luc = teacher_in("FR", first_name="Luc", last_name="Moreau")
    return {
        "ana": issue(ana, "Rivers of Europe", subject_id=10),
        "luc": issue(luc, "Birds we count", subject_id=11),
    }


def listed_codes(client: Client, **params) -> set[str]:
    response = client.get(INDEX, params)
    assert response.status_code == 200
    page = response.content.decode()
    return {code for code in Award.objects.values_list("code", flat=True) if code in page}


def test_urls_are_reversible():
    assert reverse("awards_admin:index") == INDEX
    assert reverse("awards_admin:detail", args=["ABCD-EFGH-JKMN-PQRS"]) == (
        "/admin/awards/ABCD-EFGH-JKMN-PQRS/"
    )


@pytest.mark.parametrize("who", ["nss.es", "css", "root"])
def test_the_awards_menu_is_shown_to_nss_css_and_superusers(people, who):
    page = as_user(people[who]).get("/admin/").content.decode()
    assert INDEX in page


def test_the_awards_menu_is_hidden_from_other_staff_and_the_list_refused():
    editor = make_staff("editor.awards", role=StaffRole.Role.EDITOR, country=None)
    client = as_user(editor)
    assert INDEX not in client.get("/admin/").content.decode()
    # Wagtail turns PermissionDenied into a redirect to the dashboard.
    response = client.get(INDEX)
    assert (response.status_code, response.url) == (302, "/admin/")


def test_a_teacher_cannot_open_the_awards_admin(awards):
    response = as_user(awards["ana"].recipient_user).get(INDEX)
    assert response.status_code == 302 and awards["ana"].code not in response.content.decode()


def test_an_nss_lists_only_the_awards_of_its_country_and_the_css_all(people, awards):
    assert listed_codes(as_user(people["nss.es"])) == {awards["ana"].code}
    assert listed_codes(as_user(people["nss.fr"])) == {awards["luc"].code}
    all_codes = {awards["ana"].code, awards["luc"].code}
    assert listed_codes(as_user(people["css"])) == all_codes
    assert listed_codes(as_user(people["root"])) == all_codes


def test_each_row_names_the_holder_the_award_what_for_the_issuer_and_the_state(people, awards):
    page = as_user(people["nss.es"]).get(INDEX).content.decode()
    assert "Ana García" in page
    assert "eTwinning Label" in page
    assert "for the project “Rivers of Europe”" in page
    assert "The National Support Service of Spain" in page
    assert "Valid" in page


def test_another_countrys_award_does_not_exist_for_an_nss(people, awards):
    client = as_user(people["nss.fr"])
    assert client.get(detail_url(awards["ana"])).status_code == 404
    response = client.post(
        detail_url(awards["ana"]), {"action": "revoke", "reason": "Mistake", "confirm": "on"}
    )
    assert response.status_code == 404
    awards["ana"].refresh_from_db()
    assert awards["ana"].is_valid


def test_an_unknown_or_malformed_code_is_not_found(people):
    client = as_user(people["css"])
    assert client.get(reverse("awards_admin:detail", args=["not-a-code"])).status_code == 404
    assert client.get(reverse("awards_admin:detail", args=["ABCD-EFGH-JKMN-PQRS"])).status_code == (
        404
    )


def test_staff_find_an_award_by_its_code_as_typed(people, awards):
    code = awards["ana"].code
    typed = code.replace("-", " ").lower().replace("0", "o").replace("1", "l")
    assert listed_codes(as_user(people["css"]), q=typed) == {code}


def test_staff_find_awards_by_holder_name_and_by_title(people, awards):
    client = as_user(people["css"])
    assert listed_codes(client, q="moreau") == {awards["luc"].code}
    assert listed_codes(client, q="rivers") == {awards["ana"].code}
    page = client.get(INDEX, {"q": "nobody like this"}).content.decode()
    assert "No award matches." in page


def test_staff_filter_by_kind_and_state(people, awards):
    client = as_user(people["css"])
    services.revoke_award(actor=people["css"], award=awards["luc"], reason="Duplicate project")
    assert listed_codes(client, state="revoked") == {awards["luc"].code}
    assert listed_codes(client, state="valid") == {awards["ana"].code}
    assert listed_codes(client, kind="certificate") == set()


def test_the_country_filter_is_offered_only_to_staff_serving_several_countries(people, awards):
    single = as_user(people["nss.es"]).get(INDEX).content.decode()
    assert 'name="country"' not in single
    client = as_user(people["css"])
    assert 'name="country"' in client.get(INDEX).content.decode()
    france = awards["luc"].country
    assert listed_codes(client, country=str(france.pk)) == {awards["luc"].code}


def test_an_nss_serving_two_countries_filters_by_country(people, awards):
    both = people["nss.es"]
    StaffRole.objects.create(user=both, role=StaffRole.Role.NSS, country=awards["luc"].country)
    client = as_user(both)
    assert listed_codes(client) == {awards["ana"].code, awards["luc"].code}
    assert listed_codes(client, country=str(awards["ana"].country_id)) == {awards["ana"].code}


def test_a_bad_filter_is_reported_and_changes_nothing(people, awards):
    response = as_user(people["css"]).get(INDEX, {"kind": "medal", "p": "many"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Select a valid choice." in page
    assert awards["ana"].code in page and awards["luc"].code in page


def test_the_list_asks_the_same_number_of_queries_for_few_and_many_awards(people):
    client = as_user(people["css"])

    def queries_for_list() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(INDEX).status_code == 200
        return len(context.captured_queries)

    for number in range(2):
        issue(teacher_in("ES"), f"Project {number}", subject_id=100 + number)
    few = queries_for_list()
    for number in range(2, 9):
        country = "FR" if number % 2 else "DE"
        issue(teacher_in(country), f"Project {number}", subject_id=100 + number)
    assert queries_for_list() == few


def test_the_award_page_shows_its_facts_history_and_verification_link(people, awards):
    page = as_user(people["nss.es"]).get(detail_url(awards["ana"])).content.decode()
    assert awards["ana"].code in page
    assert "Ana García" in page and "for the project “Rivers of Europe”" in page
    assert "Issued" in page and "The platform, automatically" in page
    assert awards["ana"].get_absolute_url() in page
    assert "Revoke the award" in page and "Re-issue the award" not in page


def test_revoking_with_a_reason_through_the_form_makes_the_award_verify_as_revoked(people, awards):
    nss = people["nss.es"]
    client = as_user(nss)
    response = client.post(
        detail_url(awards["ana"]),
        {"action": "revoke", "reason": "The project never started.", "confirm": "on"},
        follow=True,
    )
    page = response.content.decode()
    assert "The award is revoked; its holder was told why." in page
    verified = queries.award_by_code(awards["ana"].code)
    assert verified.state == Award.State.REVOKED
    assert verified.revocation_reason == "The project never started."
    assert verified.revoked_by == nss
    entry = AuditEntry.objects.get(action=services.AWARD_REVOKED, target_id=str(verified.pk))
    assert entry.actor == nss and entry.data["reason"] == "The project never started."
    # The page now shows the revocation in its history and offers to re-issue.
    assert "The project never started." in page and "Re-issue the award" in page


@pytest.mark.parametrize(
    "data, message",
    [
        (
            {"reason": "", "confirm": "on"},
            "Say why the award is revoked: its holder and anyone verifying it read it.",
        ),
        (
            {"reason": "   ", "confirm": "on"},
            "Say why the award is revoked: its holder and anyone verifying it read it.",
        ),
        ({"reason": "Mistake"}, "Tick the box to confirm the revocation."),
    ],
)
def test_revoking_without_a_reason_or_confirmation_is_refused_and_changes_nothing(
    people, awards, data, message
):
    response = as_user(people["nss.es"]).post(
        detail_url(awards["ana"]), {"action": "revoke", **data}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "The award was not revoked: correct the form." in page
    awards["ana"].refresh_from_db()
    assert awards["ana"].is_valid and awards["ana"].revocation_reason == ""
    assert not AuditEntry.objects.filter(action=services.AWARD_REVOKED).exists()


def test_revoking_twice_is_a_message_not_an_error(people, awards):
    client = as_user(people["css"])
    services.revoke_award(actor=people["css"], award=awards["ana"], reason="First")
    response = client.post(
        detail_url(awards["ana"]),
        {"action": "revoke", "reason": "Second", "confirm": "on"},
        follow=True,
    )
    assert response.status_code == 200
    assert "This award has already been revoked." in response.content.decode()
    awards["ana"].refresh_from_db()
    assert awards["ana"].revocation_reason == "First"


def test_staff_reissue_a_revoked_award_with_the_same_code(people, awards):
    css = people["css"]
    services.revoke_award(actor=css, award=awards["luc"], reason="Checked by mistake")
    response = as_user(css).post(detail_url(awards["luc"]), {"action": "reissue"}, follow=True)
    assert "The award is valid again, with the same verification code." in (
        response.content.decode()
    )
    verified = queries.award_by_code(awards["luc"].code)
    assert verified.is_valid and verified.reissued_at is not None
    assert AuditEntry.objects.filter(
        action=services.AWARD_REISSUED, target_id=str(verified.pk), actor=css
    ).exists()


def test_reissuing_a_valid_award_is_refused_with_a_message(people, awards):
    response = as_user(people["css"]).post(
        detail_url(awards["ana"]), {"action": "reissue"}, follow=True
    )
    assert "This award is valid: there is nothing to re-issue." in response.content.decode()
    assert not AuditEntry.objects.filter(action=services.AWARD_REISSUED).exists()


def test_an_erased_holders_award_cannot_be_reissued(people, awards):
    services.erase_holder(awards["ana"].recipient_user)
    client = as_user(people["nss.es"])
    page = client.get(detail_url(awards["ana"])).content.decode()
    refusal = "The holder&#x27;s personal data were erased: this award cannot be re-issued."
    assert refusal in page and "Re-issue the award" not in page
    response = client.post(detail_url(awards["ana"]), {"action": "reissue"}, follow=True)
    assert refusal in response.content.decode()
    awards["ana"].refresh_from_db()
    assert awards["ana"].state == Award.State.REVOKED and awards["ana"].holder_erased
    assert not AuditEntry.objects.filter(action=services.AWARD_REISSUED).exists()


def test_an_unknown_action_is_a_message(people, awards):
    response = as_user(people["css"]).post(
        detail_url(awards["ana"]), {"action": "delete"}, follow=True
    )
    assert response.status_code == 200 and "Unknown action." in response.content.decode()
    assert Award.objects.filter(pk=awards["ana"].pk, state=Award.State.VALID).exists()
