"""Bounds on the integers that reach the database from outside.

Every id column is a 64-bit signed integer (``BigAutoField``): a larger number
in a URL, a query string, a JSON body or a form would make the database driver
raise (``OverflowError`` on SQLite, "out of range" on PostgreSQL) and the visitor
would get a server error. These helpers refuse such numbers at the edge, with
a 404 for a URL and a validation error for a parameter or a form field.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

MAX_ID = 2**63 - 1


class IdConverter:
    """``<id:name>`` in a URL pattern: a positive integer any id column can hold.

    A larger number does not match, so the URL answers 404 like any unknown id.
    """

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError(f"{value} is larger than any id")
        return number

    def to_url(self, value: int | str) -> str:
        return str(value)


def parse_id(value: object) -> int | None:
    """``value`` (from a query string, say) as an id, or None if it cannot be one."""
    text = str(value).strip() if value is not None else ""
    if not (text.isascii() and text.isdigit()) or len(text) > 19:
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None


def _holds_integers(field: models.Field) -> bool:
    return field.get_internal_type().endswith(("AutoField", "IntegerField"))


class BoundedChoiceMixin:
    """Refuse a choice that no integer key column can hold, before any query runs."""

    def _refuse_out_of_range(self, values: list[Any]) -> None:
        meta = self.queryset.model._meta
        key = meta.get_field(self.to_field_name) if self.to_field_name else meta.pk
        if not _holds_integers(key):
            return
        for value in values:
            try:
                number = int(str(value).strip())
            except ValueError:
                continue  # Django's own validation refuses it with its usual message.
            if not -MAX_ID - 1 <= number <= MAX_ID:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": value},
                )


class ModelChoiceField(BoundedChoiceMixin, forms.ModelChoiceField):
    """Django's ``ModelChoiceField`` that answers a too-large id as an invalid choice."""

    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values:
            self._refuse_out_of_range([value])
        return super().to_python(value)


class ModelMultipleChoiceField(BoundedChoiceMixin, forms.ModelMultipleChoiceField):
    """Django's ``ModelMultipleChoiceField`` that answers too-large ids as invalid choices."""

    def _check_values(self, value: Any) -> Any:
        try:
            values = list(value)
        except TypeError:
            values = []
        self._refuse_out_of_range(values)
        return super()._check_values(value)


class IdField(forms.IntegerField):
    """A form field that takes the id of a row, so a positive integer any id column can hold."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)
