"""URLs of this area (see plugins/twinspace/urls.py for where they are mounted)."""

from django.urls import path

from plugins.twinspace.groups import views

urlpatterns = [
    path("", views.groups, name="groups"),
    path("new/", views.group_new, name="group-new"),
]
