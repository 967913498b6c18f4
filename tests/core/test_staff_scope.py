"""Staff scope (DOMAIN.md §1): who serves which country or region, asked in one place."""

from __future__ import annotations

import pytest

from core.models import Country, Region, StaffRole
from core.staff import (
    countries_served_by,
    is_nss_staff,
    is_regional_representative,
    nss_staff,
    nss_staff_of_country,
    regional_representatives_of_region,
    regions_served_by,
    serves_country,
    serves_region,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def staff_with(*roles: tuple[str, str | None, str | None], **kwargs):
    """A staff member holding ``roles`` as (role, country code, region name prefix)."""
    user = UserFactory(kind="staff", **kwargs)
    for role, code, region in roles:
        StaffRole.objects.create(
            user=user,
            role=role,
            country=Country.objects.get(code=code) if code else None,
            region=Region.objects.get(name__startswith=region) if region else None,
        )
    return user


def test_nss_of_one_country_serves_that_country_only():
    spain, france = Country.objects.get(code="ES"), Country.objects.get(code="FR")
    nss = staff_with((StaffRole.Role.NSS, "ES", None))

    assert countries_served_by(nss) == [spain.pk]
    assert serves_country(nss, spain.pk)
    assert not serves_country(nss, france.pk)
    assert is_nss_staff(nss)
    assert regions_served_by(nss) == []
    assert not is_regional_representative(nss)
    assert list(nss_staff_of_country(spain.pk)) == [nss]
    assert list(nss_staff_of_country(france.pk)) == []


def test_person_with_several_scopes_serves_each_of_them():
    spain, france = Country.objects.get(code="ES"), Country.objects.get(code="FR")
    andalusia = Region.objects.get(name__startswith="Andaluc")
    person = staff_with(
        (StaffRole.Role.NSS, "ES", None),
        (StaffRole.Role.NSS, "FR", None),
        (StaffRole.Role.REGIONAL_REPRESENTATIVE, None, "Andaluc"),
    )

    assert countries_served_by(person) == sorted([spain.pk, france.pk])
    assert regions_served_by(person) == [andalusia.pk]
    assert serves_region(person, andalusia.pk)
    assert list(nss_staff([spain.pk, france.pk])) == [person]
    assert list(regional_representatives_of_region(andalusia.pk)) == [person]


def test_regional_representative_serves_their_region_not_the_country():
    spain = Country.objects.get(code="ES")
    andalusia = Region.objects.get(name__startswith="Andaluc")
    other_region = Region.objects.filter(country=spain).exclude(pk=andalusia.pk).first()
    representative = staff_with((StaffRole.Role.REGIONAL_REPRESENTATIVE, None, "Andaluc"))

    assert serves_region(representative, andalusia.pk)
    assert not serves_region(representative, other_region.pk)
    assert not serves_country(representative, spain.pk)
    assert not is_nss_staff(representative)
    assert list(regional_representatives_of_region(None)) == []


def test_css_staff_serve_no_country_as_nss():
    css = staff_with((StaffRole.Role.CSS, None, None))

    assert countries_served_by(css) == []
    assert not serves_country(css, Country.objects.get(code="ES").pk)
    assert not is_nss_staff(css)
    assert list(nss_staff()) == []


def test_superuser_serves_every_country_and_region_but_is_not_listed_as_nss():
    superuser = UserFactory(kind="staff", is_superuser=True)

    assert countries_served_by(superuser) is None
    assert regions_served_by(superuser) is None
    assert serves_country(superuser, Country.objects.get(code="FR").pk)
    assert serves_region(superuser, Region.objects.first().pk)
    assert is_nss_staff(superuser)
    # Notifications go to the people who hold the role, not to every superuser.
    assert list(nss_staff_of_country(Country.objects.get(code="FR").pk)) == []


def test_inactive_staff_serve_nothing_and_are_not_notified():
    spain = Country.objects.get(code="ES")
    nss = staff_with((StaffRole.Role.NSS, "ES", None), is_active=False)

    assert countries_served_by(nss) == []
    assert not serves_country(nss, spain.pk)
    assert list(nss_staff_of_country(spain.pk)) == []
