"""URLs of core's validation area, mounted by core.site_urls in the namespace "core"."""

from django.urls import path

from core.validation import views

urlpatterns = [
    path(
        "validation/head-teacher/<str:token>/",
        views.head_teacher_decision,
        name="head-teacher-decision",
    ),
]
