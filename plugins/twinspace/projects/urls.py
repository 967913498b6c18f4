"""The top-level project pages, mounted at ``projects/`` (namespace ``twinspace``)."""

from django.urls import path

from plugins.twinspace.projects import views

urlpatterns = [
    path("", views.project_list, name="projects"),
    path("new/", views.project_new, name="project-new"),
]
