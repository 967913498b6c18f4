"""The participating countries and regions that ship with OpenTwin.

Used by the data migration that creates them and by the demo loader, which
recreates them on a database that was emptied (as browser tests do).
"""

from __future__ import annotations

EU = "eu"
PLUS = "plus"

# (ISO code, name, tier, support organisation). The founding FAQ lists the EU member
# states "and the United Kingdom", plus the eTwinning Plus countries.
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
