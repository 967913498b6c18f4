"""Find personal data anywhere in the database: the check behind every erasure test."""

from __future__ import annotations

import json

from django.apps import apps
from django.db import models

TEXT_FIELDS = (models.CharField, models.TextField, models.EmailField, models.JSONField)


def text_columns_containing(needles: dict[str, str]) -> list[tuple[str, str]]:
    """(model label, what) for every text column value of every model that holds a needle."""
    found = []
    for model in apps.get_models():
        fields = [
            field.attname for field in model._meta.concrete_fields if isinstance(field, TEXT_FIELDS)
        ]
        if not fields:
            continue
        for row in model._default_manager.values_list(*fields):
            for value in row:
                text = value if isinstance(value, str) else json.dumps(value)
                for what, needle in needles.items():
                    if needle.lower() in (text or "").lower():
                        found.append((model._meta.label, what))
    return found
