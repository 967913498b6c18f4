"""The holder's pages: "My labels and certificates", one award's page and the desktop
panel — each award only for its holder and the staff who look after it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from plugins.labels.awards import services
from plugins.labels.models import Award
from tests.factories.twinspace import teacher_in
from tests.support.labels import approved_project, nss_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def label(django_capture_on_commit_callbacks) -> Award:
    project = approved_project(django_capture_on_commit_callbacks, title="Rivers we share")
    return Award.objects.get(recipient_user=project.founder)


def test_the_holder_lists_their_awards_and_opens_one(client, label):
    client.force_login(label.recipient_user)
    listing = client.get(reverse("awards:list")).content.decode()
    assert "eTwinning Label" in listing and "Rivers we share" in listing
    assert label.get_absolute_url() in listing
    page = client.get(label.get_absolute_url()).content.decode()
    assert label.code in page
    assert "the National Support Service of Spain" in page.lower() or "Spain" in page
    assert label.verification_url() in page


def test_the_desktop_panel_lists_the_newest_awards(client, label):
    client.force_login(label.recipient_user)
    desktop = client.get(reverse("core:desktop")).content.decode()
    assert "My labels and certificates" in desktop
    assert label.get_absolute_url() in desktop
    # Download and share from the desktop itself.
    assert reverse("awards:certificate", args=[label.code]) in desktop
    assert f"{label.get_absolute_url()}#badge-heading" in desktop


def test_a_revoked_award_on_the_desktop_offers_no_download(client, label):
    services.revoke_award(actor=nss_of("ES"), award=label, reason="Given by mistake.")
    client.force_login(label.recipient_user)
    desktop = client.get(reverse("core:desktop")).content.decode()
    assert label.get_absolute_url() in desktop
    assert reverse("awards:certificate", args=[label.code]) not in desktop


def test_a_teacher_without_awards_is_told_how_to_earn_them(client):
    client.force_login(teacher_in("ES"))
    listing = client.get(reverse("awards:list")).content.decode()
    assert "You have no labels or certificates yet" in listing


def test_others_cannot_open_someone_elses_award(client, label):
    client.force_login(teacher_in("ES"))
    assert client.get(label.get_absolute_url()).status_code == 404
    client.force_login(nss_of("FR"))
    assert client.get(label.get_absolute_url()).status_code == 404
    client.force_login(nss_of("ES"))
    assert client.get(label.get_absolute_url()).status_code == 200
    client.logout()
    assert client.get(label.get_absolute_url()).status_code == 302


def test_a_revoked_award_says_when_and_why_on_its_page(client, label):
    services.revoke_award(actor=nss_of("ES"), award=label, reason="Copied from another project.")
    client.force_login(label.recipient_user)
    page = client.get(label.get_absolute_url()).content.decode()
    assert "This award was revoked on" in page
    assert "Copied from another project." in page


def test_an_unknown_code_is_not_found(client, label):
    client.force_login(label.recipient_user)
    assert client.get(reverse("awards:detail", args=["NOPE"])).status_code == 404
    assert client.get(reverse("awards:detail", args=["x" * 300])).status_code == 404


def test_the_list_needs_a_fixed_number_of_queries(
    client, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    holder = teacher_in("ES")
    for title in ("One", "Two", "Three"):
        approved_project(django_capture_on_commit_callbacks, founder=holder, title=title)
    client.force_login(holder)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("awards:list"))
    assert response.content.decode().count("eTwinning Label") >= 3
