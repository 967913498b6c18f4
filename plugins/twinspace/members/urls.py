"""Pupils' login and the teacher's pupils, mounted under ``pupils/``."""

from django.urls import path

from plugins.twinspace.members import views

urlpatterns: list = [
    path("login/", views.PupilLoginView.as_view(), name="pupil-login"),
    path("", views.pupil_list, name="pupils"),
    path(
        "<id:pupil_id>/reset-password/",
        views.pupil_reset_password,
        name="pupil-reset-password",
    ),
]
