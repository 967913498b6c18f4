"""The public search for schools and people: Wagtail's index plus filters, public fields only."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from wagtail.search.backends import get_search_backend

from core.contrib import SearchProvider, SearchQuery, SearchResult
from core.models import Country, Language, School, Subject, User
from tests.factories import PupilFactory, SchoolFactory, TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db


def titles(client, **params) -> str:
    response = client.get(reverse("core:search"), params)
    assert response.status_code == 200
    return response.content.decode()


def school_titles(text="", **filters) -> list[str]:
    from core.directory.search import search_schools

    return [r.title for r in search_schools(SearchQuery(text=text, filters=filters), 100)]


def people_titles(text="", **filters) -> list[str]:
    from core.directory.search import search_people

    return [r.title for r in search_people(SearchQuery(text=text, filters=filters), 100)]


def test_new_schools_are_in_the_wagtail_search_index():
    school = SchoolFactory(name="Colegio Rosalía de Castro", town="Vigo")
    assert school in list(get_search_backend().search("Rosalía", School))


def test_search_finds_a_school_by_part_of_its_name_and_by_town():
    SchoolFactory(name="IES Miguel de Cervantes", town="Toledo")
    SchoolFactory(name="Lycée Victor Hugo", town="Besançon")
    assert school_titles("Cerv") == ["IES Miguel de Cervantes"]
    assert school_titles("miguel cervantes") == ["IES Miguel de Cervantes"]
    assert school_titles("toledo") == ["IES Miguel de Cervantes"]


def test_search_text_with_special_characters_is_harmless(client):
    SchoolFactory(name="IES Miguel de Cervantes")
    for text in ['"Cerv', "Cerv*", "(a OR b", "-x", "NEAR(", "'"]:
        assert client.get(reverse("core:search"), {"q": text}).status_code == 200


def test_filter_by_country_and_level_and_age():
    SchoolFactory(name="Spanish primary", levels=["primary"])
    SchoolFactory(name="Spanish secondary", levels=["secondary"])
    SchoolFactory(name="French primary", country=Country.objects.get(code="FR"))
    assert school_titles(country="FR") == ["French primary"]
    assert school_titles(country="ES", level="primary") == ["Spanish primary"]
    assert school_titles(age="14") == ["Spanish secondary"]
    assert sorted(school_titles(age="7")) == ["French primary", "Spanish primary"]
    assert school_titles("French", age="14") == []


def test_empty_text_with_filters_lists_every_match():
    SchoolFactory(name="One", country=Country.objects.get(code="FR"))
    SchoolFactory(name="Two", country=Country.objects.get(code="FR"))
    SchoolFactory(name="Three")
    assert school_titles(country="FR") == ["One", "Two"]


def test_people_filters_by_subject_language_country_level_and_age():
    art = Subject.objects.get(code="art")
    english = Language.objects.get(code="en")
    ana = TeacherFactory(first_name="Ana", last_name="Alonso", school__levels=["secondary"])
    ana.subjects.set([art])
    ana.languages.set([english])
    TeacherFactory(
        first_name="Luc",
        last_name="Leroy",
        school__country=Country.objects.get(code="FR"),
        school__levels=["primary"],
    )
    assert people_titles(subject="art") == ["Ana Alonso"]
    assert people_titles(language="en") == ["Ana Alonso"]
    assert people_titles(country="FR") == ["Luc Leroy"]
    assert people_titles(level="secondary") == ["Ana Alonso"]
    assert people_titles(age="8") == ["Luc Leroy"]
    assert people_titles("Ana", language="en") == ["Ana Alonso"]
    assert people_titles("Luc", language="en") == []


def test_pupils_are_never_found_even_by_their_exact_name(client):
    PupilFactory(username="pupil.zoe", first_name="Zoe", last_name="Zapatero")
    assert people_titles("Zoe Zapatero") == []
    assert people_titles() == []
    page = titles(client, q="Zoe Zapatero")
    assert "People: 0 results" in page
    assert "pupil.zoe" not in page


def test_staff_only_and_non_validated_and_unlisted_and_blocked_people_are_not_found():
    UserFactory(first_name="Staff", last_name="Xstaff", kind=User.Kind.STAFF)
    TeacherFactory(first_name="Wait", last_name="Xwait", state=User.State.WAITING_VALIDATION)
    TeacherFactory(first_name="Hidden", last_name="Xhidden", listed_in_search=False)
    TeacherFactory(first_name="Blocked", last_name="Xblocked", state=User.State.BLOCKED)
    TeacherFactory(first_name="Gone", last_name="Xgone", state=User.State.INACTIVE)
    TeacherFactory(first_name="Off", last_name="Xoff", is_active=False)
    TeacherFactory(first_name="Shown", last_name="Xshown")
    for name in ("Xstaff", "Xwait", "Xhidden", "Xblocked", "Xgone", "Xoff"):
        assert people_titles(name) == []
    assert people_titles("Xshown") == ["Shown Xshown"]
    assert people_titles() == ["Shown Xshown"]


def test_the_page_shows_public_fields_and_never_a_teachers_email(client):
    teacher = TeacherFactory(
        first_name="Ana", last_name="Alonso", email="ana.private@example.org", school__town="Ronda"
    )
    page = titles(client, q="Alonso", kind="people")
    assert "Ana Alonso" in page
    assert "Ronda" in page
    assert teacher.email not in page
    assert "ana.private" not in page


def test_people_are_not_found_by_their_email_address():
    TeacherFactory(first_name="Ana", last_name="Alonso", email="secretaddress@example.org")
    assert people_titles("secretaddress") == []


def test_merged_schools_are_not_listed():
    target = SchoolFactory(name="Real school")
    SchoolFactory(name="Real school duplicate", merged_into=target)
    assert school_titles("Real") == ["Real school"]
    assert school_titles() == ["Real school"]


def test_results_are_paginated_20_per_page_per_kind(client):
    for number in range(25):
        SchoolFactory(name=f"Paged school {number:02d}")
    page = titles(client, q="Paged", kind="schools")
    assert "Schools: 25 results" in page
    assert page.count("Paged school") == 20
    assert "Page 1 of 2" in page
    page2 = titles(client, q="Paged", kind="schools", page=2)
    assert page2.count("Paged school") == 5
    # "All" shows the first page of each kind with a link to the rest.
    everything = titles(client, q="Paged")
    assert "People: 0 results" in everything
    assert "kind=schools" in everything


def test_the_form_is_accessible(client):
    page = titles(client)
    # The filters are one group with a name (a fieldset and its legend).
    assert re.search(r"<fieldset[^>]*>\s*<legend[^>]*>Filters</legend>", page)
    for name in ("q", "kind", "country", "level", "age", "subject", "language"):
        assert f'for="id_{name}"' in page
    assert page.count("<h1") == 1


def test_an_invalid_age_is_reported_and_ignored(client):
    SchoolFactory(name="Any school")
    page = titles(client, age="42")
    assert 'role="alert"' in page


def make_counted(first: int, last: int) -> None:
    for number in range(first, last):
        school = SchoolFactory(name=f"Counted {number}", levels=["primary", "secondary"])
        teacher = TeacherFactory(last_name=f"Counted{number}", school=school)
        teacher.subjects.set(Subject.objects.all()[:2])
        teacher.languages.set(Language.objects.all()[:2])


def test_search_page_query_count_is_the_same_for_3_and_30_schools(
    client, django_assert_max_num_queries
):
    searches = [{"q": "Counted"}, {"country": "ES"}, {"q": "Counted", "kind": "people"}]
    make_counted(0, 3)
    # One request first: per-process caches (site root, vocabularies) fill on first use.
    client.get(reverse("core:search"), searches[0])
    few = []
    for params in searches:
        with django_assert_max_num_queries(16) as queries:
            client.get(reverse("core:search"), params)
        few.append(len(queries.captured_queries))
    make_counted(3, 30)
    many = []
    for params in searches:
        with django_assert_max_num_queries(16) as queries:
            response = client.get(reverse("core:search"), params)
        many.append(len(queries.captured_queries))
    assert "Schools: 30 results" in response.content.decode() or "People: 30 results" in (
        response.content.decode()
    )
    assert few == many


def test_new_people_are_in_the_wagtail_search_index():
    teacher = TeacherFactory(first_name="Indexed", last_name="Newcomer")
    assert teacher in list(get_search_backend().search("Newcomer", User))


def test_search_menu_item_is_shown_to_everyone(client):
    response = client.get(reverse("core:search"))
    assert f'href="{reverse("core:search")}"' in response.content.decode()


def test_projects_from_a_plugin_appear_through_the_same_hook(client, register_plugin):
    from core.plugins import hookimpl

    class Projects:
        @hookimpl
        def register_search_providers(self):
            def find(query, limit):
                return [SearchResult(title="Our shared planet", url="/p/1/", kind="projects")]

            return [SearchProvider(key="projects", label="Projects", search=find)]

    register_plugin(Projects())
    page = titles(client, q="planet")
    assert "Our shared planet" in page
    assert "Projects: 1 result" in page


def test_api_search_obeys_the_same_rules(client):
    teacher = TeacherFactory(first_name="Ana", last_name="Apisearch", email="ana.api@example.org")
    PupilFactory(first_name="Pupil", last_name="Apisearch")
    TeacherFactory(first_name="Hidden", last_name="Apisearch", listed_in_search=False)
    target = SchoolFactory(name="Apisearch school")
    SchoolFactory(name="Apisearch duplicate", merged_into=target)
    response = client.get("/api/v1/directory/search", {"q": "Apisearch"})
    assert response.status_code == 200
    sections = {section["kind"]: section for section in response.json()["sections"]}
    assert [r["title"] for r in sections["people"]["results"]] == ["Ana Apisearch"]
    assert [r["title"] for r in sections["schools"]["results"]] == ["Apisearch school"]
    assert teacher.email not in response.content.decode()
    response = client.get("/api/v1/directory/search", {"kind": "people", "age": 8})
    assert [s["kind"] for s in response.json()["sections"]] == ["people"]
    assert client.get("/api/v1/directory/search", {"age": 40}).status_code == 400


def test_screen_readers_hear_the_result_counts_and_the_heading_is_no_live_region(client):
    SchoolFactory(name="IES Miguel de Cervantes")
    page = titles(client, q="Cervantes", kind="schools")
    assert '<h2 id="results-heading">' in page
    assert 'role="status">Schools: 1 result</p>' in page


def test_filters_are_folded_until_the_searcher_chooses_some(client):
    SchoolFactory(name="IES Folded")
    plain = titles(client, q="Folded")
    assert re.search(r"<details class=\"search-filters\" data-open-wide>", plain)
    filtered = titles(client, q="Folded", country="ES")
    assert re.search(r"<details class=\"search-filters\" data-open-wide open>", filtered)
    assert "1 active" in filtered


def test_results_are_cards_and_people_have_avatars(client):
    SchoolFactory(name="IES Cardbridge")
    TeacherFactory(first_name="Carla", last_name="Cardbridge")
    page = titles(client, q="Cardbridge")
    assert page.count('class="card card-item h-100"') == 2
    assert 'aria-hidden="true">CC</span>' in page


def test_the_status_line_is_a_paragraph_and_pagination_keeps_the_filters(client):
    country = Country.objects.get(code="ES")
    for number in range(25):
        SchoolFactory(name=f"Kept school {number:02d}", country=country)
    page = titles(client, q="Kept", kind="schools", country="ES")
    assert re.search(r'<p class="search-status" role="status">Schools: 25 results</p>', page)
    assert '<ul class="pagination flex-wrap">' in page
    next_link = re.search(r'href="(\?[^"]*page=2[^"]*)" rel="next"', page).group(1)
    assert "country=ES" in next_link and "kind=schools" in next_link and "q=Kept" in next_link
