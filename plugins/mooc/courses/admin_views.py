"""The Wagtail admin screen of online courses (imported by ``plugins/mooc/wagtail_hooks.py``).

Courses are edited on the site's own pages (``/courses/<id>/manage/``), which the
course's team also uses: the admin lists the courses a staff member runs (NSS staff
those of their countries, CSS staff and superusers all), with their state and learners,
and links to those pages and to creating a course. Every change goes through
``plugins.mooc.courses.services`` there.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.urls import path, reverse
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from plugins.mooc.courses.policy import creation_refusal, manageable_courses

PAGE_SIZE = 25


def _runs_courses(user) -> bool:
    return creation_refusal(user) is None or manageable_courses(user).exists()


class CourseListView(WagtailAdminTemplateMixin, TemplateView):
    """The courses the staff member runs, the latest first."""

    template_name = "mooc/courses/admin_list.html"
    page_title = gettext_lazy("Online courses")
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        if not _runs_courses(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        courses = (
            manageable_courses(self.request.user)
            .select_related("country")
            .annotate(
                learners=Count("enrolments", filter=Q(enrolments__left_at__isnull=True)),
                units_count=Count("units", distinct=True),
            )
            .order_by("-created_at", "-pk")
        )
        page = Paginator(courses, PAGE_SIZE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            page=page, may_create=creation_refusal(self.request.user) is None, **kwargs
        )


class CoursesMenuItem(MenuItem):
    def is_shown(self, request):
        return _runs_courses(request.user)


@hooks.register("register_admin_urls")
def register_courses_admin_urls():
    return [path("courses/", CourseListView.as_view(), name="mooc_courses_admin")]


@hooks.register("register_admin_menu_item")
def register_courses_menu_item():
    return CoursesMenuItem(
        gettext_lazy("Online courses"),
        reverse("mooc_courses_admin"),
        name="online-courses",
        icon_name="doc-full",
        order=640,
    )
