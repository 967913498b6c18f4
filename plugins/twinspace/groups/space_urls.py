"""URLs of this area (see plugins/twinspace/urls.py for where they are mounted).

Relative to ``groups/<space_id>/``; the group's home and tools come from the other areas.
"""

from django.urls import path

from plugins.twinspace.groups import views

urlpatterns = [
    path("join/", views.group_join, name="group-join"),
    path("edit/", views.group_edit, name="group-edit"),
    path("archive/", views.group_archive, name="group-archive"),
]
