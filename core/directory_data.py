"""The participating countries and regions that ship with OpenTwin.

Used by the data migration that creates them and by the demo loader, which
recreates them on a database that was emptied (as browser tests do).
"""

from __future__ import annotations

from django.utils.translation import gettext_noop as _

EU = "eu"
PLUS = "plus"

# (ISO code, name, tier, support organisation). The founding FAQ lists the EU member
# states "and the United Kingdom", plus the eTwinning Plus countries. Readers see the
# translated CLDR name of each code (Country.display_name); the stored English name is
# only the fallback for a code that data does not know.
COUNTRIES = [
    ("AT", "Austria", EU, "OeAD - Austria's Agency for Education and Internationalisation"),
    ("BE", "Belgium", EU, ""),
    ("BG", "Bulgaria", EU, ""),
    ("HR", "Croatia", EU, ""),
    ("CY", "Cyprus", EU, ""),
    ("CZ", "Czech Republic", EU, ""),
    ("DK", "Denmark", EU, ""),
    ("EE", "Estonia", EU, ""),
    ("FI", "Finland", EU, ""),
    ("FR", "France", EU, "Réseau Canopé"),
    ("DE", "Germany", EU, "Pädagogischer Austauschdienst (PAD)"),
    ("GR", "Greece", EU, ""),
    ("HU", "Hungary", EU, ""),
    ("IE", "Ireland", EU, ""),
    ("IT", "Italy", EU, "INDIRE"),
    ("LV", "Latvia", EU, ""),
    ("LT", "Lithuania", EU, ""),
    ("LU", "Luxembourg", EU, ""),
    ("MT", "Malta", EU, ""),
    ("NL", "Netherlands", EU, ""),
    ("PL", "Poland", EU, ""),
    ("PT", "Portugal", EU, ""),
    ("RO", "Romania", EU, ""),
    ("SK", "Slovakia", EU, ""),
    ("SI", "Slovenia", EU, ""),
    ("ES", "Spain", EU, "Servicio Nacional de Apoyo eTwinning (INTEF)"),
    ("SE", "Sweden", EU, ""),
    ("GB", "United Kingdom", EU, ""),
    ("AL", "Albania", PLUS, ""),
    ("MK", "North Macedonia", PLUS, ""),
    ("BA", "Bosnia and Herzegovina", PLUS, ""),
    ("IS", "Iceland", PLUS, ""),
    ("LI", "Liechtenstein", PLUS, ""),
    ("NO", "Norway", PLUS, ""),
    ("RS", "Serbia", PLUS, ""),
    ("TR", "Turkey", PLUS, ""),
]

# Spain: the 17 Autonomous Communities and the autonomous cities of Ceuta and Melilla.
SPANISH_REGIONS = [
    "Andalucía",
    "Aragón",
    "Principado de Asturias",
    "Illes Balears",
    "Canarias",
    "Cantabria",
    "Castilla-La Mancha",
    "Castilla y León",
    "Cataluña",
    "Comunitat Valenciana",
    "Extremadura",
    "Galicia",
    "Comunidad de Madrid",
    "Región de Murcia",
    "Comunidad Foral de Navarra",
    "País Vasco",
    "La Rioja",
    "Ceuta",
    "Melilla",
]

# (code, name, from age, to age): the levels of DOMAIN.md §2.3.
LEVELS = [
    ("pre_school", _("Pre-school"), 3, 6),
    ("primary", _("Primary"), 6, 12),
    ("secondary", _("Secondary"), 12, 16),
    ("upper_secondary", _("Upper secondary"), 16, 19),
    ("vocational", _("Vocational"), 15, 19),
]

SUBJECTS = [
    ("art", _("Art")),
    ("biology", _("Biology")),
    ("chemistry", _("Chemistry")),
    ("citizenship", _("Citizenship")),
    ("computing", _("Computing / ICT")),
    ("cross-curricular", _("Cross-curricular")),
    ("design-technology", _("Design and technology")),
    ("drama", _("Drama")),
    ("economics", _("Economics")),
    ("environmental-education", _("Environmental education")),
    ("european-studies", _("European studies")),
    ("foreign-languages", _("Foreign languages")),
    ("geography", _("Geography")),
    ("history", _("History")),
    ("home-economics", _("Home economics")),
    ("language-literature", _("Language and literature")),
    ("mathematics", _("Mathematics")),
    ("media-education", _("Media education")),
    ("music", _("Music")),
    ("natural-sciences", _("Natural sciences")),
    ("philosophy", _("Philosophy / ethics")),
    ("physical-education", _("Physical education")),
    ("physics", _("Physics")),
    ("pre-school-education", _("Pre-school education")),
    ("primary-education", _("Primary education (all subjects)")),
    ("religion", _("Religion")),
    ("social-studies", _("Social studies")),
    ("special-needs", _("Special educational needs")),
    ("vocational-subjects", _("Vocational subjects")),
]

# Languages named in their own language, so everyone finds theirs.
LANGUAGES = [
    ("bg", "Български"),
    ("bs", "Bosanski"),
    ("ca", "Català"),
    ("cs", "Čeština"),
    ("da", "Dansk"),
    ("de", "Deutsch"),
    ("el", "Ελληνικά"),
    ("en", "English"),
    ("es", "Español"),
    ("et", "Eesti"),
    ("eu", "Euskara"),
    ("fi", "Suomi"),
    ("fr", "Français"),
    ("ga", "Gaeilge"),
    ("gl", "Galego"),
    ("hr", "Hrvatski"),
    ("hu", "Magyar"),
    ("is", "Íslenska"),
    ("it", "Italiano"),
    ("lt", "Lietuvių"),
    ("lv", "Latviešu"),
    ("mk", "Македонски"),
    ("mt", "Malti"),
    ("nl", "Nederlands"),
    ("no", "Norsk"),
    ("pl", "Polski"),
    ("pt", "Português"),
    ("ro", "Română"),
    ("sk", "Slovenčina"),
    ("sl", "Slovenščina"),
    ("sq", "Shqip"),
    ("sr", "Српски"),
    ("sv", "Svenska"),
    ("tr", "Türkçe"),
]


def ensure_vocabularies(level_model, subject_model, language_model) -> None:
    """Add the shipped levels, subjects and languages that are missing."""
    for order, (code, name, min_age, max_age) in enumerate(LEVELS):
        level_model.objects.get_or_create(
            code=code,
            defaults={"name": name, "min_age": min_age, "max_age": max_age, "order": order},
        )
    for code, name in SUBJECTS:
        subject_model.objects.get_or_create(code=code, defaults={"name": name})
    for code, name in LANGUAGES:
        language_model.objects.get_or_create(code=code, defaults={"name": name})


def ensure_directory(country_model, region_model) -> None:
    """Add the shipped countries and regions that are missing; never change edited rows.

    Takes the model classes so a migration can pass its historical models.
    """
    for code, name, tier, organisation in COUNTRIES:
        country_model.objects.get_or_create(
            code=code,
            defaults={"name": name, "tier": tier, "support_organisation": organisation},
        )
    spain = country_model.objects.get(code="ES")
    for name in SPANISH_REGIONS:
        region_model.objects.get_or_create(country=spain, name=name)
