"""A space's members pages, relative to the space's prefix (see plugins/twinspace/urls.py)."""

from django.urls import path

from plugins.twinspace.members import views

urlpatterns: list = [
    path("members/", views.member_list, name="members"),
    path("members/invite/", views.member_invite, name="member-invite"),
    path("members/leave/", views.member_leave, name="member-leave"),
    path("members/pupils/", views.member_pupils, name="member-pupils"),
    path("members/guests/", views.member_guests, name="member-guests"),
    path(
        "members/guests/<id:guest_id>/revoke/",
        views.member_guest_revoke,
        name="member-guest-revoke",
    ),
    path(
        "members/invitations/<id:invitation_id>/withdraw/",
        views.invitation_withdraw,
        name="invitation-withdraw",
    ),
    path("members/<id:membership_id>/role/", views.member_role, name="member-role"),
    path("members/<id:membership_id>/remove/", views.member_remove, name="member-remove"),
]
