"""My invitations to spaces, mounted under ``invitations/`` (see plugins/twinspace/urls.py)."""

from django.urls import path

from plugins.twinspace.members import views

urlpatterns: list = [
    path("", views.invitation_list, name="invitations"),
    path("<id:invitation_id>/accept/", views.invitation_accept, name="invitation-accept"),
    path("<id:invitation_id>/reject/", views.invitation_reject, name="invitation-reject"),
]
