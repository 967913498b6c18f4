"""No server error on out-of-range numbers: ids and counts are bounded at the edge.

Every id column holds a 64-bit signed integer; a larger number in a URL, a query
string, a JSON body or a form answers 404 or 422 (or a form error), never 500.
"""

from __future__ import annotations

import copy
import importlib
import re

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter

from core.api import api
from core.bounds import MAX_ID, IdConverter, parse_id
from core.models import Subject
from tests.factories import TeacherFactory, UserFactory
from tests.support.processes import PROJECT_ROOT

pytestmark = pytest.mark.django_db

TOO_LARGE = 2**64  # 18446744073709551616
JUST_TOO_LARGE = MAX_ID + 1  # 9223372036854775808


@pytest.fixture
def teacher_client(client):
    client.force_login(TeacherFactory())
    return client


# --- the cited examples --------------------------------------------------------------


def test_a_project_id_larger_than_any_id_answers_404_in_the_api(teacher_client):
    response = teacher_client.get("/api/v1/projects/18446744073709551616")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


PAGINATED = [
    "/api/v1/notifications",
    "/api/v1/projects/mine",
    "/api/v1/support/requests",
    "/api/v1/spaces/1/twinboard",
]


@pytest.mark.parametrize("url", PAGINATED)
@pytest.mark.parametrize("parameter", ["limit", "offset"])
def test_a_huge_limit_or_offset_on_a_paginated_list_answers_422(teacher_client, url, parameter):
    schema_paths = set(api.get_openapi_schema()["paths"])
    assert re.sub(r"/1/", "/{space_id}/", url) in schema_paths
    response = teacher_client.get(url, {parameter: 10**30})
    assert response.status_code == 422
    assert parameter in str(response.json()["detail"])


def test_a_page_of_a_paginated_list_holds_at_most_100_items(teacher_client):
    assert teacher_client.get("/api/v1/notifications", {"limit": 100}).status_code == 200
    assert teacher_client.get("/api/v1/notifications", {"limit": 101}).status_code == 422


def test_marking_a_notification_beyond_the_largest_id_read_answers_422(teacher_client):
    response = teacher_client.post(
        "/api/v1/notifications/read", {"ids": [JUST_TOO_LARGE]}, content_type="application/json"
    )
    assert response.status_code == 422
    assert "less than or equal to 9223372036854775807" in response.text


def test_a_profile_with_a_subject_id_beyond_the_largest_id_is_refused_with_a_message(
    teacher_client,
):
    response = teacher_client.post(
        "/profile/",
        {"first_name": "Ana", "last_name": "García", "subjects": [str(JUST_TOO_LARGE)]},
    )
    assert response.status_code == 200
    assert (
        "Select a valid choice. 9223372036854775808 is not one of the available choices."
        in response.text
    )


# --- every API route --------------------------------------------------------------------


def api_operations() -> list[tuple[str, str, list[str]]]:
    """(method, path, integer path parameters) of every operation of the schema."""
    operations = []
    for path, methods in api.get_openapi_schema()["paths"].items():
        for method, operation in methods.items():
            integers = [
                parameter["name"]
                for parameter in operation.get("parameters", [])
                if parameter["in"] == "path" and parameter["schema"].get("type") == "integer"
            ]
            operations.append((method, path, integers))
    return operations


ID_ROUTES = [(method, path) for method, path, integers in api_operations() if integers]


def test_the_api_has_routes_with_ids():
    assert len(ID_ROUTES) >= 6


@pytest.mark.parametrize(("method", "path"), ID_ROUTES)
@pytest.mark.parametrize("number", [JUST_TOO_LARGE, TOO_LARGE, 10**30])
def test_every_api_route_answers_404_to_an_id_beyond_the_largest_id(
    teacher_client, method, path, number
):
    url = re.sub(r"{[^}]+}", str(number), path)
    response = getattr(teacher_client, method)(url, {}, content_type="application/json")
    assert response.status_code == 404


@pytest.mark.parametrize(("method", "path"), ID_ROUTES)
def test_every_api_route_refuses_a_zero_id_without_a_server_error(teacher_client, method, path):
    url = re.sub(r"{[^}]+}", "0", path)
    response = getattr(teacher_client, method)(url, {}, content_type="application/json")
    assert response.status_code in {404, 422}


# --- every HTML URL ---------------------------------------------------------------------


def url_patterns(resolver: URLResolver = None, prefix: str = ""):
    """(route, pattern) of every URL pattern of the site, with the full route."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from url_patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route, entry


def is_ours(pattern: URLPattern, route: str = "") -> bool:
    if route.startswith("admin/directory/"):  # Wagtail's views of our viewsets
        return True
    module = getattr(pattern.callback, "__module__", "") or ""
    view_class = getattr(pattern.callback, "view_class", None)
    if view_class is not None:
        module = view_class.__module__
    return module.startswith(("core.", "plugins.", "cms."))


SEGMENT = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
ID_PATTERNS = sorted(
    {
        route
        for route, pattern in url_patterns()
        if is_ours(pattern, route) and not route.startswith("api/") and SEGMENT.search(route)
        if any(m.group("converter") in {"id", "int"} for m in SEGMENT.finditer(route))
    }
)


def test_the_site_has_html_urls_with_ids():
    assert len(ID_PATTERNS) >= 40
    assert "projects/<id:space_id>/about/" in ID_PATTERNS


def test_no_url_pattern_of_ours_takes_an_unbounded_integer():
    unbounded = [
        route
        for route, pattern in url_patterns()
        if is_ours(pattern, route)
        and any(isinstance(c, IntConverter) for c in pattern.pattern.converters.values())
    ]
    # Included prefixes (projects/<id:space_id>/) carry their converter on the resolver.
    assert unbounded == []
    assert [route for route in ID_PATTERNS if "<int:" in route] == []


def concrete(route: str, number: int) -> str:
    def value(match: re.Match) -> str:
        return str(number) if match.group("converter") in {"id", "int"} else "someone"

    return "/" + SEGMENT.sub(value, route)


@pytest.mark.parametrize("route", ID_PATTERNS)
def test_every_html_url_answers_404_to_an_id_beyond_the_largest_id(client, route):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    for number in (JUST_TOO_LARGE, TOO_LARGE):
        url = concrete(route, number)
        assert client.get(url).status_code == 404, url
        assert client.post(url).status_code == 404, url


def test_the_id_converter_takes_the_largest_id_and_refuses_one_more():
    converter = IdConverter()
    assert converter.to_python(str(MAX_ID)) == MAX_ID
    with pytest.raises(ValueError):
        converter.to_python(str(MAX_ID + 1))


# --- every form field that takes ids -----------------------------------------------------

FORM_MODULES = sorted(
    ".".join(path.relative_to(PROJECT_ROOT).with_suffix("").parts)
    for folder in ("core", "plugins")
    for path in (PROJECT_ROOT / folder).rglob("*.py")
    if path.name in {"forms.py", "admin_views.py"}
)


def model_choice_fields() -> list[tuple[str, forms.Field]]:
    for module in FORM_MODULES:
        importlib.import_module(module)
    found = []
    seen: set[type] = set()
    pending = [forms.Form]
    while pending:
        form_class = pending.pop()
        for subclass in form_class.__subclasses__():
            if subclass not in seen:
                seen.add(subclass)
                pending.append(subclass)
    for form_class in seen:
        if not form_class.__module__.startswith(("core.", "plugins.", "cms.")):
            continue
        for name, field in form_class.base_fields.items():
            if isinstance(field, forms.ModelChoiceField):
                found.append((f"{form_class.__module__}.{form_class.__name__}.{name}", field))
    return sorted(found, key=lambda item: item[0])


MODEL_CHOICE_FIELDS = model_choice_fields()


def test_our_forms_have_fields_that_take_ids():
    names = [name for name, _ in MODEL_CHOICE_FIELDS]
    assert "core.accounts.forms.ProfileForm.subjects" in names
    assert len(names) >= 8


@pytest.mark.parametrize(
    "field", [field for _, field in MODEL_CHOICE_FIELDS], ids=[n for n, _ in MODEL_CHOICE_FIELDS]
)
@pytest.mark.parametrize("number", [JUST_TOO_LARGE, -JUST_TOO_LARGE - 1, 10**30])
def test_every_form_field_that_takes_ids_refuses_one_beyond_the_largest_id(field, number):
    field = copy.deepcopy(field)
    # Forms narrow some querysets per request; the whole table is the hardest case.
    field.queryset = field.queryset.model._default_manager.all()
    value = [str(number)] if isinstance(field, forms.ModelMultipleChoiceField) else str(number)
    with pytest.raises(ValidationError) as refused:
        field.clean(value)
    assert refused.value.code == "invalid_choice"


def test_a_subject_that_exists_is_still_accepted():
    subject = Subject.objects.first()
    field = dict(MODEL_CHOICE_FIELDS)["core.accounts.forms.ProfileForm.subjects"]
    assert list(field.clean([str(subject.pk)])) == [subject]


def test_a_page_to_move_beyond_the_largest_id_is_refused():
    from plugins.twinspace.pages.forms import MovePageForm

    form = MovePageForm({"page": str(JUST_TOO_LARGE), "direction": "up"})
    assert not form.is_valid()
    assert "Ensure this value is less than or equal to 9223372036854775807." in str(form.errors)


# --- numbers and text read from a query string or a JSON body ----------------------------


@pytest.mark.parametrize("value", ["²", "١٢", "-1", "0", "1e3", str(JUST_TOO_LARGE), "", None])
def test_a_query_string_value_that_cannot_be_an_id_is_no_id(value):
    assert parse_id(value) is None


def test_a_query_string_id_is_read_as_an_id():
    assert parse_id(" 42 ") == 42
    assert parse_id(str(MAX_ID)) == MAX_ID


def test_a_search_query_with_a_nul_character_is_refused_with_422(client):
    # PostgreSQL cannot compare text holding NUL: it would be a server error there.
    response = client.get("/api/v1/directory/search", {"q": "river\x00"})
    assert response.status_code == 422
    assert response.json() == {"detail": "Text may not contain NUL characters (\\x00)."}


def test_a_body_with_a_nul_character_is_refused_before_it_reaches_the_database(teacher_client):
    response = teacher_client.post(
        "/api/v1/support/requests",
        {"topic": "other", "question": "Help\x00"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "Cannot parse request body"}
