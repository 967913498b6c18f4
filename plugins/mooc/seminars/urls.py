"""The online seminars' pages, mounted at ``seminars/`` (namespace ``seminars``)."""

from django.urls import path

from plugins.mooc.seminars import views

app_name = "seminars"

urlpatterns = [
    path("", views.seminar_list, name="list"),
    path("<id:pk>/", views.seminar_detail, name="detail"),
    path("<id:pk>/register/", views.seminar_register, name="register"),
    path("<id:pk>/cancel/", views.seminar_cancel, name="cancel"),
    path("<id:pk>/remind/", views.seminar_remind, name="remind"),
    path("<id:pk>/join/", views.seminar_join, name="join"),
    path("<id:pk>/registrants/", views.seminar_registrants, name="registrants"),
]
