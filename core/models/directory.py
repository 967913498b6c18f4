"""The directory: countries, regions, schools, levels, subjects and languages."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from core.directory.names import country_name

# --- directory -----------------------------------------------------------------


class Country(models.Model):
    """A participating country, with its tier and its national support organisation."""

    class Tier(models.TextChoices):
        EU = "eu", _("EU member state")
        ASSOCIATED = "associated", _("Associated country")
        PLUS = "plus", _("Partner country (Plus)")

    code = models.CharField(_("ISO code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)
    tier = models.CharField(_("tier"), max_length=16, choices=Tier.choices)
    support_organisation = models.CharField(_("support organisation"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name readers see: translated into the active language (see country_name)."""
        return country_name(self.code, self.name)


class Region(models.Model):
    """A region of a country whose representatives validate its teachers."""

    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.CASCADE, related_name="regions"
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["country__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["country", "name"], name="core_region_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Level(models.Model):
    """A level of education a school offers (pre-school … vocational), with its ages."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    min_age = models.PositiveSmallIntegerField(_("from age"))
    max_age = models.PositiveSmallIntegerField(_("to age"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("level of education")
        verbose_name_plural = _("levels of education")
        ordering = ["order"]

    def __str__(self) -> str:
        # Shipped names are in the catalogues; a name staff typed shows as typed.
        return gettext(self.name)


class Subject(models.Model):
    """A school subject, used to describe teachers and projects and to filter searches."""

    code = models.SlugField(_("code"), max_length=48, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")
        ordering = ["name"]

    def __str__(self) -> str:
        # Shipped names are in the catalogues; a name staff typed shows as typed.
        return gettext(self.name)


class Language(models.Model):
    """A language people speak and projects work in (ISO 639-1 code)."""

    code = models.CharField(_("code"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class School(index.Indexed, models.Model):
    """An official school whose staff take part."""

    name = models.CharField(_("name"), max_length=200)
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="schools"
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="schools",
    )
    town = models.CharField(_("town"), max_length=100)
    address = models.CharField(_("address"), max_length=300, blank=True)
    levels = models.ManyToManyField(
        "core.Level", verbose_name=_("levels"), blank=True, related_name="schools"
    )
    head_teacher_name = models.CharField(_("head teacher's name"), max_length=200, blank=True)
    head_teacher_email = models.EmailField(_("head teacher's e-mail"), blank=True)
    registered_since = models.DateField(_("registered since"), default=timezone.localdate)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_duplicates",
        help_text=_("Set when NSS merged this duplicate into another school."),
    )

    # The public search (core.directory.search): text in name and town, filters by SQL.
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("town"),
        index.AutocompleteField("town"),
        index.FilterField("country"),
        index.FilterField("merged_into"),
        index.RelatedFields("country", [index.FilterField("code")]),
        index.RelatedFields(
            "levels",
            [index.FilterField("code"), index.FilterField("min_age"), index.FilterField("max_age")],
        ),
    ]

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.town})"
