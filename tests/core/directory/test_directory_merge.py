"""NSS merge a duplicate school into another of their country; staff edit the directory."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.directory.services import merge_schools
from core.models import AuditEntry, Country, StaffRole, ValidationRequest
from tests.factories import SchoolFactory, TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db


def nss_of(code: str):
    from django.contrib.auth.models import Permission

    user = UserFactory(kind="staff", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    StaffRole.objects.create(
        user=user, role=StaffRole.Role.NSS, country=Country.objects.get(code=code)
    )
    return user


def test_merge_moves_members_and_open_validation_requests_and_is_audited():
    target = SchoolFactory(name="Target")
    duplicate = SchoolFactory(name="Duplicate")
    member = TeacherFactory(school=duplicate)
    waiting = TeacherFactory(school=duplicate, state="waiting_validation")
    open_request = ValidationRequest.objects.create(
        user=waiting, school=duplicate, head_teacher_email="h@example.org"
    )
    closed = ValidationRequest.objects.create(
        user=member, school=duplicate, status="validated", head_teacher_email="h@example.org"
    )
    merge_schools(actor=nss_of("ES"), duplicate=duplicate, target=target)
    member.refresh_from_db()
    waiting.refresh_from_db()
    open_request.refresh_from_db()
    closed.refresh_from_db()
    duplicate.refresh_from_db()
    assert member.school == target and waiting.school == target
    assert open_request.school == target
    assert closed.school == duplicate  # the history stays as it was
    assert duplicate.merged_into == target
    assert AuditEntry.objects.filter(action="directory.merge_schools").exists()


def test_merge_is_refused_across_countries():
    spanish = SchoolFactory()
    french = SchoolFactory(country=Country.objects.get(code="FR"))
    admin = UserFactory(is_superuser=True)
    with pytest.raises(ValidationError, match="same country"):
        merge_schools(actor=admin, duplicate=spanish, target=french)
    spanish.refresh_from_db()
    assert spanish.merged_into is None


def test_merge_is_refused_for_the_nss_of_another_country_and_for_teachers():
    target, duplicate = SchoolFactory(), SchoolFactory()
    for actor in (nss_of("FR"), TeacherFactory()):
        with pytest.raises(PermissionDenied):
            merge_schools(actor=actor, duplicate=duplicate, target=target)
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None


def test_a_school_cannot_be_merged_twice_or_into_itself():
    target, duplicate = SchoolFactory(), SchoolFactory()
    nss = nss_of("ES")
    with pytest.raises(ValidationError):
        merge_schools(actor=nss, duplicate=target, target=target)
    merge_schools(actor=nss, duplicate=duplicate, target=target)
    with pytest.raises(ValidationError):
        merge_schools(actor=nss, duplicate=duplicate, target=SchoolFactory())


def test_nss_merge_through_the_admin_page(client):
    target = SchoolFactory(name="Target school")
    duplicate = SchoolFactory(name="Duplicate school")
    foreign = SchoolFactory(name="Foreign school", country=Country.objects.get(code="FR"))
    client.force_login(nss_of("ES"))
    url = reverse("directory_school_merge", args=[duplicate.pk])
    page = client.get(url).content.decode()
    assert "Target school" in page and "Foreign school" not in page
    response = client.post(url, {"target": foreign.pk})
    assert response.status_code == 200  # not a choice: the form says so
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None
    response = client.post(url, {"target": target.pk})
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.merged_into == target


def test_nss_of_another_country_cannot_open_the_merge_page(client):
    duplicate = SchoolFactory()
    client.force_login(nss_of("FR"))
    response = client.get(reverse("directory_school_merge", args=[duplicate.pk]))
    assert response.status_code in (302, 403)


def test_nss_see_and_edit_only_their_countrys_schools_in_the_admin(client):
    spanish = SchoolFactory(name="Spanish school")
    french = SchoolFactory(name="French school", country=Country.objects.get(code="FR"))
    client.force_login(nss_of("ES"))
    page = client.get(reverse("directory_schools:index")).content.decode()
    assert "Spanish school" in page and "French school" not in page
    assert reverse("directory_school_merge", args=[spanish.pk]) in page
    assert client.get(reverse("directory_schools:edit", args=[spanish.pk])).status_code == 200
    assert client.get(reverse("directory_schools:edit", args=[french.pk])).status_code in (
        302,
        403,
    )
    assert client.get(reverse("directory_countries:index")).status_code in (302, 403)


def test_superusers_edit_countries_tier_and_support_organisation(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    country = Country.objects.get(code="FR")
    url = reverse("directory_countries:edit", args=[country.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"code": "FR", "name": "France", "tier": "eu", "support_organisation": "Réseau Canopé"},
    )
    assert response.status_code == 302
    country.refresh_from_db()
    assert country.support_organisation == "Réseau Canopé"
    assert client.get(reverse("directory_regions:index")).status_code == 200
    assert client.get(reverse("directory_schools:index")).status_code == 200


def test_nss_edit_their_school_but_cannot_move_it_to_another_country(client):
    from core.models import Level

    school = SchoolFactory(name="Spanish school")
    client.force_login(nss_of("ES"))
    url = reverse("directory_schools:edit", args=[school.pk])
    data = {
        "name": "Renamed school",
        "country": Country.objects.get(code="ES").pk,
        "region": "",
        "town": "Sevilla",
        "address": "",
        "levels": [Level.objects.get(code="primary").pk],
        "head_teacher_name": "",
        "head_teacher_email": "",
        "registered_since": "2020-01-01",
    }
    assert (
        client.post(url, {**data, "country": Country.objects.get(code="FR").pk}).status_code == 200
    )
    school.refresh_from_db()
    assert school.name == "Spanish school"
    assert client.post(url, data).status_code == 302
    school.refresh_from_db()
    assert school.name == "Renamed school"


def test_admin_user_list_search_and_filters_work_with_the_search_index(client):
    from django.contrib.auth.models import Group

    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    TeacherFactory(first_name="Findable", last_name="Teacher")
    response = client.get(
        reverse("wagtailusers_users:index"), {"q": "Findable", "is_active": "true"}
    )
    assert response.status_code == 200
    assert "Findable" in response.content.decode()
    group = Group.objects.create(name="Some group")
    for params in (
        {"is_superuser": "false"},
        {"group": group.pk},
        {"last_login_from": "2020-01-01", "last_login_to": "2030-01-01"},
        {"ordering": "name"},
        {"ordering": "-name"},
        {"ordering": "username"},
        {"ordering": "-last_login"},
        {"ordering": "is_superuser"},
        {"ordering": "is_active"},
    ):
        response = client.get(reverse("wagtailusers_users:index"), {"q": "Findable", **params})
        assert response.status_code == 200, params
