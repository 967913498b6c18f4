"""Staff scope: who serves which country or region (DOMAIN.md §1).

The one place that answers "the NSS staff of a country" and "the countries a user
serves as NSS" (and the regional equivalents). Every app and plugin asks here, so a
change of the rules (a new staff role, a Europe-wide scope) is made once.

Today's rules: an NSS role serves one country; a regional representative serves one
region; superusers serve every country and every region (``None`` below means
"all"); CSS, trainers and editors serve no country or region through these
functions. Inactive and anonymous users serve nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from core.models import StaffRole, User

# Remembered on the user object: an admin page asks several times per request.
_COUNTRIES_CACHE = "_staff_scope_country_ids"
_REGIONS_CACHE = "_staff_scope_region_ids"
_ROLES_CACHE = "_staff_roles_held"


def nss_staff(country_ids: Iterable[int] | None = None) -> QuerySet[User]:
    """The active NSS staff of the given countries; ``None``: of any country."""
    staff = User.objects.filter(staff_roles__role=StaffRole.Role.NSS, is_active=True)
    if country_ids is not None:
        staff = staff.filter(staff_roles__country__in=list(country_ids))
    return staff.distinct()


def nss_staff_of_country(country_id: int) -> QuerySet[User]:
    """The active NSS staff of one country."""
    return nss_staff([country_id])


def regional_representatives_of_region(region_id: int | None) -> QuerySet[User]:
    """The active regional representatives of one region (none when there is no region)."""
    if region_id is None:
        return User.objects.none()
    return User.objects.filter(
        staff_roles__role=StaffRole.Role.REGIONAL_REPRESENTATIVE,
        staff_roles__region=region_id,
        is_active=True,
    ).distinct()


def regions_with_representatives(region_ids) -> set[int]:
    """Of ``region_ids``, those that have an active regional representative (one query)."""
    region_ids = {region_id for region_id in region_ids if region_id is not None}
    if not region_ids:
        return set()
    return set(
        StaffRole.objects.filter(
            role=StaffRole.Role.REGIONAL_REPRESENTATIVE,
            region_id__in=region_ids,
            user__is_active=True,
        ).values_list("region_id", flat=True)
    )


def _scoped_ids(user: User, role: str, field: str, cache: str) -> list[int] | None:
    if not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        return None
    ids = getattr(user, cache, None)
    if ids is None:
        ids = list(
            StaffRole.objects.filter(user=user, role=role)
            .values_list(field, flat=True)
            .distinct()
            .order_by(field)
        )
        setattr(user, cache, ids)
    return ids


def countries_served_by(user: User) -> list[int] | None:
    """The ids of the countries ``user`` serves as NSS staff; ``None`` means every
    country (superusers); an empty list means none."""
    return _scoped_ids(user, StaffRole.Role.NSS, "country_id", _COUNTRIES_CACHE)


def regions_served_by(user: User) -> list[int] | None:
    """The ids of the regions ``user`` serves as regional representative; ``None`` means
    every region (superusers); an empty list means none."""
    return _scoped_ids(user, StaffRole.Role.REGIONAL_REPRESENTATIVE, "region_id", _REGIONS_CACHE)


def serves_country(user: User, country_id: int | None) -> bool:
    """Whether ``user`` serves ``country_id`` as NSS staff (superusers serve all)."""
    countries = countries_served_by(user)
    return countries is None or (country_id is not None and country_id in countries)


def serves_region(user: User, region_id: int | None) -> bool:
    """Whether ``user`` serves ``region_id`` as regional representative (superusers: all)."""
    regions = regions_served_by(user)
    return regions is None or (region_id is not None and region_id in regions)


def is_nss_staff(user: User) -> bool:
    """Whether ``user`` serves some country as NSS staff (superusers serve all)."""
    return countries_served_by(user) != []


def is_regional_representative(user: User) -> bool:
    """Whether ``user`` serves some region (superusers serve all)."""
    return regions_served_by(user) != []


def forget_staff_scope(user: User) -> None:
    """Drop the scope remembered on ``user`` (after their roles changed)."""
    for cache in (_COUNTRIES_CACHE, _REGIONS_CACHE, _ROLES_CACHE):
        if hasattr(user, cache):
            delattr(user, cache)


def staff_roles_held(user: User) -> frozenset[str]:
    """The staff roles (``StaffRole.Role`` values) ``user`` holds, in any scope.

    One query, remembered on the user object together with the countries and regions
    it serves, so that a page asking several of these questions asks the database once.
    Inactive and anonymous users hold none.
    """
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    roles = getattr(user, _ROLES_CACHE, None)
    if roles is None:
        rows = list(
            StaffRole.objects.filter(user=user).values_list("role", "country_id", "region_id")
        )
        roles = frozenset(role for role, _country, _region in rows)
        if not user.is_superuser:
            countries = {country for role, country, _ in rows if role == StaffRole.Role.NSS}
            regions = {
                region for role, _, region in rows if role == StaffRole.Role.REGIONAL_REPRESENTATIVE
            }
            setattr(user, _COUNTRIES_CACHE, sorted(countries))
            setattr(user, _REGIONS_CACHE, sorted(regions))
        setattr(user, _ROLES_CACHE, roles)
    return roles


def is_css_staff(user: User) -> bool:
    """Whether ``user`` is Central Support Service staff (Europe-wide)."""
    return StaffRole.Role.CSS in staff_roles_held(user)


def is_trainer(user: User) -> bool:
    """Whether ``user`` holds the trainer / expert role."""
    return StaffRole.Role.TRAINER in staff_roles_held(user)


def trainers() -> QuerySet[User]:
    """The active people holding the trainer / expert role."""
    return User.objects.filter(staff_roles__role=StaffRole.Role.TRAINER, is_active=True).distinct()
