"""The design system's form rendering: every site form goes through one set of templates.

``{{ form }}`` renders ``components/forms/form.html`` (the error summary, then each
field) and ``{{ field.as_field_group }}`` renders ``components/forms/field.html`` (label,
help text, control and errors tied together by ids). The widgets keep their own
templates; the ``control`` and ``check_input`` filters of ``{% load opentwin %}`` add
Bootstrap's classes and the ARIA attributes when a field template renders them.
"""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates


class SiteFormRenderer(DjangoTemplates):
    form_template_name = "components/forms/form.html"
    field_template_name = "components/forms/field.html"
