"""A project's own pages, mounted at ``projects/<space_id>/`` (``twinspace:project``)."""

from django.urls import path

from plugins.twinspace.projects import views

urlpatterns = [
    path("about/", views.about, name="about"),
    path("edit/", views.project_edit, name="project-edit"),
    path("delete/", views.project_delete, name="project-delete"),
    path("respond/", views.project_respond, name="project-respond"),
    path("close/", views.project_close, name="project-close"),
    path("archive/", views.project_archive, name="project-archive"),
]
