"""Field shapes the mooc plugin's models share."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import pgettext_lazy


def person(verbose_name, related_name: str = "+") -> models.ForeignKey:
    """Someone who did something (created, decided…): an erased account leaves the record
    with nobody named, never a name."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name=related_name,
    )


def owner(verbose_name, related_name: str = "+") -> models.ForeignKey:
    """The person a record is about (a registration, an enrolment): erased with them."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.CASCADE,
        related_name=related_name,
    )


def organising_country() -> models.ForeignKey:
    """The country whose NSS organises the item; empty for a European one run by the CSS."""
    return models.ForeignKey(
        "core.Country",
        verbose_name=pgettext_lazy("seminar or course", "organised by the NSS of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
