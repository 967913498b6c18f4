"""URLs of core's directory area, mounted by core.site_urls in the namespace "core"."""

from django.urls import path

from core.directory import views

urlpatterns = [
    path("search/", views.search, name="search"),
    path("people/<str:username>/", views.person, name="person"),
    path("people/<str:username>/contact/", views.send_request, name="contact-request"),
    path("schools/<id:pk>/", views.school, name="school"),
    path("contacts/", views.contacts, name="contacts"),
    path(
        "contacts/requests/<id:pk>/<slug:answer>/",
        views.answer_request,
        name="contact-request-answer",
    ),
    path("contacts/<str:username>/remove/", views.remove, name="contact-remove"),
]
